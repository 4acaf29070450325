package io.yogurt.history.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.FieldCapsResponse;
import co.elastic.clients.elasticsearch.core.field_caps.FieldCapability;
import io.yogurt.history.elasticsearch.ElasticsearchSettings.ReadSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks at start-up that a read source's index pattern matches indices and that its fields exist
 * with usable types, so a typo shows now rather than as an empty series at night.
 */
final class SourceCheck {

  private static final Set<String> DATES = Set.of("date", "date_nanos");
  private static final Set<String> KEYWORDS = Set.of("keyword", "constant_keyword");
  private static final Set<String> NUMBERS =
      Set.of(
          "long",
          "integer",
          "short",
          "byte",
          "double",
          "float",
          "half_float",
          "scaled_float",
          "unsigned_long");

  private SourceCheck() {}

  /** Either fine or one problem naming the index or field and what was expected. */
  record Result(String problem) {
    boolean ok() {
      return problem == null;
    }
  }

  static Result check(ElasticsearchClient client, ReadSource src) throws IOException {
    List<String> fields = new ArrayList<>(List.of(src.timeField(), src.serviceField()));
    if (!src.countsDocuments()) {
      fields.add(src.sumField());
    }
    FieldCapsResponse caps =
        client.fieldCaps(
            f -> f.index(src.index()).fields(fields).allowNoIndices(true).ignoreUnavailable(true));
    if (caps.indices().isEmpty()) {
      return new Result("index pattern '" + src.index() + "' (key index) matches no index");
    }
    String problem = expect(caps, src, src.timeField(), "time-field", DATES, "a date");
    if (problem == null) {
      problem = expect(caps, src, src.serviceField(), "service-field", KEYWORDS, "a keyword");
    }
    if (problem == null && !src.countsDocuments()) {
      problem = expect(caps, src, src.sumField(), "sum-field", NUMBERS, "a number");
    }
    return new Result(problem);
  }

  private static String expect(
      FieldCapsResponse caps,
      ReadSource src,
      String field,
      String key,
      Set<String> allowed,
      String expected) {
    Map<String, FieldCapability> types = caps.fields().get(field);
    if (types == null || types.isEmpty()) {
      return "field '" + field + "' (key " + key + ") does not exist in '" + src.index() + "'";
    }
    for (String type : types.keySet()) {
      if (!allowed.contains(type)) {
        return "field '"
            + field
            + "' (key "
            + key
            + ") in '"
            + src.index()
            + "' is of type "
            + type
            + ", expected "
            + expected
            + " ("
            + String.join(", ", allowed)
            + ")";
      }
    }
    return null;
  }
}
