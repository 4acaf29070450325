package io.yogurt.autoscaler.faults;

import static io.yogurt.autoscaler.faults.ServiceRig.figure;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yogurt.history.HistorySettings;
import io.yogurt.history.elasticsearch.ElasticsearchHistory;
import io.yogurt.history.elasticsearch.ElasticsearchSettings;
import io.yogurt.history.elasticsearch.TestElasticsearch;
import io.yogurt.history.embedded.EmbeddedHistory;
import io.yogurt.models.TickReport;
import io.yogurt.models.TickReport.SourceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix: Elasticsearch stops answering (connections cut, new ones accepted and never
 * answered: a hung cluster, worse for a caller than a refused port) for as many ticks as a
 * 10-minute outage has at the default 10 s tick, then comes back. No tick waits for it, the status
 * says it is down and how many samples wait, and once it is back every sample is delivered, none
 * twice.
 */
@Tag("elasticsearch")
class ElasticsearchOutageFaultTest {

  /** Ticks in a 10-minute outage at the default tick of 10 s. */
  private static final int OUTAGE_TICKS = 60;

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

  @TempDir Path dir;

  @Test
  void noTickWaitsForAHungClusterAndNoSampleIsLostOrWrittenTwice() throws Exception {
    ElasticsearchSettings es = TestElasticsearch.settings();
    Path state = dir.resolve("state");
    try (CuttableProxy proxy = CuttableProxy.to(es.url());
        ElasticsearchHistory direct = ElasticsearchHistory.create(es)) {
      String yaml =
          """
          loop:
            tick: 250ms
          broker:
            bind: tcp://127.0.0.1:0
          admin:
            port: 0
          history:
            backend: elasticsearch
            elasticsearch:
              url: %s
              index-prefix: %s
              connect-timeout: 1s
              request-timeout: %ds
              retry-every: 1s
          pools:
            echo:
              min: 1
              max: 1
          local:
            handler: echo
          """
              .formatted(proxy.through(es.url()), es.indexPrefix(), REQUEST_TIMEOUT.toSeconds());
      int cutAt;
      int restoredAt;
      Instant restored;
      try (ServiceRig rig = ServiceRig.start(state, yaml)) {
        await()
            .alias("ticks with the cluster up and the outbox empty")
            .atMost(Duration.ofSeconds(60))
            .until(() -> rig.ticks.size() > 4 && historyUpAndDelivered(rig));

        proxy.cut();
        cutAt = rig.ticks.size();
        await()
            .alias("the history reported down")
            .atMost(Duration.ofSeconds(30))
            .until(() -> !rig.source("history").map(SourceStatus::ok).orElse(true));
        await()
            .alias(OUTAGE_TICKS + " ticks of outage")
            .atMost(Duration.ofSeconds(90))
            .until(() -> rig.ticks.size() >= cutAt + OUTAGE_TICKS);
        String down = rig.source("history").orElseThrow().detail();
        assertTrue(down.contains("DOWN since") && down.contains("samples kept locally"), down);

        proxy.restore();
        restoredAt = rig.ticks.size();
        restored = Instant.now();
        await()
            .alias("the backlog delivered after the outage")
            .atMost(Duration.ofSeconds(60))
            .until(() -> historyUpAndDelivered(rig));
        long deliveredAfter = Duration.between(restored, Instant.now()).toMillis();

        List<TickReport> outage = List.copyOf(rig.ticks).subList(cutAt, restoredAt);
        long slowest = outage.stream().mapToLong(r -> r.took().toMillis()).max().orElseThrow();
        long widestGap = 0;
        for (int i = 1; i < outage.size(); i++) {
          widestGap =
              Math.max(
                  widestGap,
                  Duration.between(outage.get(i - 1).at(), outage.get(i).at()).toMillis());
        }
        // A tick that waited on the cluster would take at least the request timeout.
        assertTrue(slowest < REQUEST_TIMEOUT.toMillis(), "slowest tick " + slowest + " ms");
        assertTrue(widestGap < REQUEST_TIMEOUT.toMillis(), "widest gap " + widestGap + " ms");
        assertEquals(List.of(), rig.stackTraces, "no stack trace for an expected fault");
        figure(
            "Elasticsearch hung for the ticks of a 10-minute outage",
            String.format(
                Locale.ROOT,
                "%d ticks during the outage, slowest %d ms, widest gap between ticks %d ms;"
                    + " backlog delivered %.1f s after the cluster was back",
                outage.size(),
                slowest,
                widestGap,
                deliveredAfter / 1000.0));
      }

      // Every sample the loop wrote (all kept in the embedded store) is in Elasticsearch, once.
      AtomicLong written = new AtomicLong();
      try (EmbeddedHistory local = EmbeddedHistory.open(state, HistorySettings.DEFAULT)) {
        local.scan(
            null,
            null,
            Instant.EPOCH,
            Instant.now().plusSeconds(60),
            p -> written.incrementAndGet());
      }
      direct.refresh();
      long inElasticsearch =
          direct.client().count(c -> c.index(direct.layout().metricsPattern())).count();
      assertTrue(written.get() > OUTAGE_TICKS, "samples written: " + written.get());
      assertEquals(written.get(), inElasticsearch, "every sample delivered, none twice");
      direct.dropAll();
    }
  }

  private static boolean historyUpAndDelivered(ServiceRig rig) {
    return rig.source("history")
        .map(s -> s.ok() && !s.detail().contains("samples to deliver"))
        .orElse(false);
  }
}
