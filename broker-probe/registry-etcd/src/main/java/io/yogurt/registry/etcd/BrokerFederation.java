package io.yogurt.registry.etcd;

import io.yogurt.broker.Broker;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker in the registry: registered under its lease, and, when it peers, given the other brokers
 * of its cluster as peers whenever the registry changes. While etcd does not answer, the broker
 * keeps the peers it last knew.
 */
public final class BrokerFederation implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BrokerFederation.class);

  private final BrokerRegistration registration;
  private final BrokerDirectory directory;

  private BrokerFederation(BrokerRegistration registration, BrokerDirectory directory) {
    this.registration = registration;
    this.directory = directory;
  }

  /**
   * Registers {@code broker} and follows its cluster's brokers.
   *
   * @param cluster the peering cluster (written in the entry; peers of another one are refused)
   * @param required whether an etcd that does not answer now is an error (false when the broker has
   *     peers configured by hand to carry on with)
   */
  public static BrokerFederation start(
      Broker broker, EtcdRegistry registry, String cluster, InstantSource clock, boolean required)
      throws RegistryUnavailableException {
    BrokerRegistration registration =
        BrokerRegistration.start(
            registry,
            () ->
                new BrokerEntry(
                    broker.advertisedEndpoint(),
                    broker.stateEndpoint(),
                    cluster,
                    broker.services(),
                    broker.curvePublicKey()),
            required);
    BrokerDirectory directory = new BrokerDirectory(registry, clock, cluster);
    if (!broker.stateEndpoint().isEmpty()) {
      directory.onChange(
          view -> {
            broker.setPeers(
                view.stream()
                    .filter(e -> !e.stateEndpoint().isEmpty())
                    .map(BrokerEntry::peerAddress)
                    .toList());
            log.debug("peers from the registry: {}", view.size() - 1);
          });
    }
    try {
      directory.start(required);
    } catch (RegistryUnavailableException e) {
      registration.close();
      throw e;
    }
    return new BrokerFederation(registration, directory);
  }

  public BrokerDirectory directory() {
    return directory;
  }

  /** Stops renewing without revoking, as a crash would (tests). */
  public void abandon() {
    directory.close();
    registration.abandon();
  }

  @Override
  public void close() {
    directory.close();
    registration.close();
  }
}
