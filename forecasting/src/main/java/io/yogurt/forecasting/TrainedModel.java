package io.yogurt.forecasting;

/** A fitted model and its metadata. */
public record TrainedModel(CalibratedModel model, ModelInfo info) {}
