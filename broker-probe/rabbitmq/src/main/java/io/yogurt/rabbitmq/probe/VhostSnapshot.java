package io.yogurt.rabbitmq.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One vhost as the management API showed it: its queues, the consumers on each queue, and each
 * channel's unacknowledged messages (a worker has one channel, so that is its work in flight).
 */
final class VhostSnapshot {

  /**
   * One queue's figures.
   *
   * @param ready messages waiting for a consumer
   * @param unacked messages delivered and not yet acknowledged
   * @param headTimestamp the oldest ready message's timestamp property (epoch seconds), if the
   *     publisher set one and the queue reports it
   * @param published messages routed to the queue, counted by the server since its statistics began
   * @param finished messages acknowledged or delivered without acknowledgement, likewise
   */
  record QueueFigures(
      String name,
      long ready,
      long unacked,
      int consumers,
      OptionalLong headTimestamp,
      long published,
      long finished) {}

  /** A consumer: its tag (the worker's instance name) and its channel. */
  record Consumer(String tag, String queue, String channel) {}

  private final Map<String, QueueFigures> queues = new HashMap<>();
  private final Map<String, List<Consumer>> consumers = new HashMap<>();
  private final Map<String, Long> unackedByChannel = new HashMap<>();

  VhostSnapshot(JsonNode queues, JsonNode consumers, JsonNode channels) {
    for (JsonNode q : queues) {
      JsonNode stats = q.path("message_stats");
      JsonNode head = q.path("head_message_timestamp");
      QueueFigures f =
          new QueueFigures(
              q.path("name").asText(),
              q.path("messages_ready").asLong(),
              q.path("messages_unacknowledged").asLong(),
              q.path("consumers").asInt(),
              head.isNumber() ? OptionalLong.of(head.asLong()) : OptionalLong.empty(),
              stats.path("publish").asLong(),
              stats.path("ack").asLong()
                  + stats.path("deliver_no_ack").asLong()
                  + stats.path("get_no_ack").asLong());
      this.queues.put(f.name(), f);
    }
    for (JsonNode c : consumers) {
      Consumer consumer =
          new Consumer(
              c.path("consumer_tag").asText(),
              c.path("queue").path("name").asText(),
              c.path("channel_details").path("name").asText());
      this.consumers.computeIfAbsent(consumer.queue(), k -> new ArrayList<>()).add(consumer);
    }
    for (JsonNode ch : channels) {
      unackedByChannel.put(ch.path("name").asText(), ch.path("messages_unacknowledged").asLong());
    }
  }

  Optional<QueueFigures> queue(String name) {
    return Optional.ofNullable(queues.get(name));
  }

  List<Consumer> consumers(String queue) {
    return consumers.getOrDefault(queue, List.of());
  }

  /** Messages the channel holds unacknowledged; 0 when the channel's figures are not in yet. */
  long unacked(String channel) {
    return unackedByChannel.getOrDefault(channel, 0L);
  }
}
