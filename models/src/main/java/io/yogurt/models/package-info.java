/**
 * Yogurt's domain types and the ports between its modules. Plain JDK, no I/O (but the crash points
 * of the crash-safety tests): every other module depends on this one, and this one on nothing.
 */
package io.yogurt.models;
