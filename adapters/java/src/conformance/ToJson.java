package conformance;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An SDK's objects as JSON, the way the SDK holds them: written with the SDK's own Gson when given
 * (its type adapters know its models), else a plain Gson. URI and date values go out as their wire
 * strings wherever that Gson would use its own built-in form (a percent-encoded URI, a localised
 * date, or reflection into java.time); enums by name (or their @SerializedName).
 */
final class ToJson {
  private ToJson() {}

  private static final Gson PLAIN = new Gson();

  /** Wire forms for types Gson writes differently from how they arrived. */
  private static final Map<Class<?>, Function<Object, String>> WIRE = new LinkedHashMap<>();
  static {
    WIRE.put(URI.class, Object::toString); // Gson writes toASCIIString(): non-ASCII would come out percent-encoded
    WIRE.put(Date.class, d -> ((Date) d).toInstant().toString()); // Gson writes a localised "Jan 2, 2024, 3:04:05 AM"
    WIRE.put(Instant.class, Object::toString);
    WIRE.put(OffsetDateTime.class, t -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((OffsetDateTime) t));
    WIRE.put(ZonedDateTime.class, t -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((ZonedDateTime) t));
    WIRE.put(LocalDate.class, Object::toString);
    WIRE.put(LocalDateTime.class, Object::toString);
    WIRE.put(LocalTime.class, Object::toString);
  }

  /** Whether `base` has no adapter of its own for `type` (Gson's built-in one, or reflection). */
  private static boolean builtIn(Gson base, Class<?> type) {
    try {
      TypeAdapter<?> theirs = base.getAdapter(type);
      return theirs.getClass() == PLAIN.getAdapter(type).getClass() || theirs.getClass().getName().contains("Reflective");
    } catch (RuntimeException reflectionRefused) {
      return true; // Gson cannot even reflect into it (java.time on Java 17)
    }
  }

  /** The Gson that writes results: `base` plus wire forms where it has none, plus the adapter's encoders. */
  static Gson writer(Gson base, Map<Class<?>, Adapter.Encoder<Object>> encoders) {
    GsonBuilder b = base.newBuilder();
    for (Map.Entry<Class<?>, Function<Object, String>> w : WIRE.entrySet()) {
      if (!builtIn(base, w.getKey())) continue;
      Function<Object, String> form = w.getValue();
      b.registerTypeHierarchyAdapter(w.getKey(), (JsonSerializer<Object>) (v, t, ctx) -> new JsonPrimitive(form.apply(v)));
    }
    // Optional fields: empty is absent, as a null field is.
    b.registerTypeHierarchyAdapter(Optional.class, (JsonSerializer<Optional<?>>) (v, t, ctx) -> v.isPresent() ? ctx.serialize(v.get()) : JsonNull.INSTANCE);
    for (Map.Entry<Class<?>, Adapter.Encoder<Object>> e : encoders.entrySet()) {
      Adapter.Encoder<Object> encode = e.getValue();
      String name = e.getKey().getName();
      b.registerTypeHierarchyAdapter(e.getKey(), (JsonSerializer<Object>) (v, t, ctx) -> {
        try {
          return ctx.serialize(encode.encode(v));
        } catch (Exception failed) {
          throw new ErrorDetails.AdapterFailure("the encoder for " + name + " threw " + failed, failed);
        }
      });
    }
    return b.create();
  }

  /** Strict JSON text to a JsonElement with every number's digits as written; null when it is not one JSON document. */
  static JsonElement parse(String text) {
    try {
      JsonReader r = new JsonReader(new StringReader(text));
      r.setLenient(false);
      JsonElement e = PLAIN.getAdapter(JsonElement.class).read(r);
      return r.peek() == JsonToken.END_DOCUMENT ? e : null;
    } catch (IOException | RuntimeException notJson) {
      return null;
    }
  }
}
