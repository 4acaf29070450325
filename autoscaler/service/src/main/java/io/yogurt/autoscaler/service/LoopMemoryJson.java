package io.yogurt.autoscaler.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.yogurt.autoscaler.loop.PoolMemory;

/** The one JSON form of a pool's loop memory, in a file or in PostgreSQL. */
public final class LoopMemoryJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private LoopMemoryJson() {}

  public static String write(PoolMemory m) throws JsonProcessingException {
    return MAPPER.writeValueAsString(m);
  }

  public static PoolMemory read(String json) throws JsonProcessingException {
    return MAPPER.readValue(json, PoolMemory.class);
  }
}
