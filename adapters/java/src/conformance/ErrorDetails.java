package conformance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Sorting what an SDK threw into the protocol's error kinds, and reading what the error carries
 * (HTTP status, Authlete resultCode, the raw body) under the names real Java SDKs use.
 */
final class ErrorDetails {
  private ErrorDetails() {}

  /** Where SDKs keep an error's HTTP status, raw body and resultCode: a step is a no-argument method, else a field. */
  static final String[] STATUS_PATHS = {"getStatusCode", "getStatus", "statusCode", "status", "getHttpStatus", "getHttpStatusCode", "getCode", "code",
      "getResponse.statusCode", "getResponse.getStatus", "getResponse.getStatusCode", "getResponse.code", "response.statusCode", "response.status",
      "getRawResponse.statusCode", "rawResponse.statusCode"};
  static final String[] BODY_PATHS = {"getResponseBody", "getResponseBodyAsString", "getBody", "responseBody", "body",
      "getResponse.body", "getResponse.getBody", "response.body", "getRawResponse.body", "rawResponse.body"};
  static final String[] RESULT_CODE_PATHS = {"getResultCode", "resultCode"};

  /** Follows a dotted path of no-argument methods and fields; null when any step fails. */
  static Object dig(Object value, String path) {
    for (String step : path.split("\\.")) {
      if (value == null) return null;
      value = step(value, step);
    }
    return value;
  }

  private static Object step(Object value, String name) {
    try {
      Method m = value.getClass().getMethod(name);
      m.setAccessible(true);
      return m.invoke(value);
    } catch (ReflectiveOperationException | RuntimeException ignored) {
      // not a method here (or not reachable): try a field of that name
    }
    for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(value);
      } catch (ReflectiveOperationException | RuntimeException ignored) {
        // try the superclass
      }
    }
    return null;
  }

  static Integer asStatus(Object v) {
    if (v instanceof String && ((String) v).matches("\\d{3}")) v = Integer.valueOf((String) v);
    if (!(v instanceof Integer || v instanceof Long || v instanceof Short)) return null;
    long n = ((Number) v).longValue();
    return n >= 100 && n <= 599 ? (int) n : null;
  }

  /** The HTTP status the error carries, under any of the common spellings. */
  static Integer status(Throwable e) {
    for (String p : STATUS_PATHS) {
      Integer s = asStatus(dig(e, p));
      if (s != null) return s;
    }
    return null;
  }

  /** The error's raw body: text (bytes as UTF-8) or JSON. */
  static Object body(Throwable e) {
    for (String p : BODY_PATHS) {
      Object b = dig(e, p);
      if (b instanceof byte[]) return new String((byte[]) b, StandardCharsets.UTF_8);
      if (b instanceof String || b instanceof JsonElement || b instanceof Map) return b;
    }
    return null;
  }

  /** A raw body as the protocol's text: text as it is, JSON written back; null when there is none. */
  static String bodyText(Object body, com.google.gson.Gson gson) {
    if (body == null) return null;
    if (body instanceof String) return (String) body;
    return gson.toJson(body);
  }

  /** The resultCode the error carries itself, else the one in its raw body. */
  static String resultCode(Throwable e, Object body) {
    for (String p : RESULT_CODE_PATHS) {
      Object c = dig(e, p);
      if (c instanceof String) return (String) c;
    }
    Object code = null;
    if (body instanceof Map) code = ((Map<?, ?>) body).get("resultCode");
    JsonElement json = body instanceof JsonElement ? (JsonElement) body : null;
    if (body instanceof String) {
      try {
        json = JsonParser.parseString((String) body);
      } catch (RuntimeException notJson) {
        return null; // an HTML error page, say: no resultCode to report
      }
    }
    if (json != null && json.isJsonObject()) {
      JsonElement c = ((JsonObject) json).get("resultCode");
      if (c != null && c.isJsonPrimitive() && c.getAsJsonPrimitive().isString()) code = c.getAsString();
    }
    return code instanceof String ? (String) code : null;
  }

  /**
   * The kind whose matchers fit e most closely: a predicate that holds (0), or the nearest class in
   * e's superclass chain (an interface counts as far). A decode exception that extends the SDK's
   * base exception (listed as api) is decode, whatever the order. Two kinds equally close is the
   * adapter's mistake; null: not one of the SDK's own errors.
   */
  static String classify(Throwable e, Map<String, List<Object>> matchers) {
    List<String> best = new ArrayList<>();
    int bestDistance = Integer.MAX_VALUE;
    for (Map.Entry<String, List<Object>> kind : matchers.entrySet()) {
      int d = Integer.MAX_VALUE;
      for (Object m : kind.getValue()) d = Math.min(d, distance(e, m, kind.getKey()));
      if (d == Integer.MAX_VALUE) continue;
      if (d < bestDistance) { best.clear(); bestDistance = d; }
      if (d == bestDistance) best.add(kind.getKey());
    }
    if (best.size() > 1) throw new AdapterFailure(e.getClass().getName() + " matches the " + String.join(" and ", best) + " errors equally: make their classes or predicates tell them apart");
    return best.isEmpty() ? null : best.get(0);
  }

  @SuppressWarnings("unchecked")
  private static int distance(Throwable e, Object m, String kind) {
    if (m instanceof Class) {
      Class<?> cls = (Class<?>) m;
      if (!cls.isInstance(e)) return Integer.MAX_VALUE;
      int n = 0;
      for (Class<?> c = e.getClass(); c != null; c = c.getSuperclass(), n++) if (c == cls) return n;
      return n; // an interface: farther than any class
    }
    try {
      return ((Predicate<Throwable>) m).test(e) ? 0 : Integer.MAX_VALUE;
    } catch (RuntimeException err) {
      throw new AdapterFailure("the " + kind + " error matcher threw " + err);
    }
  }

  /** A failure of the adapter itself (a hook threw, a result is not JSON): never the SDK's error. */
  static final class AdapterFailure extends RuntimeException {
    AdapterFailure(String message) { super(message); }
    AdapterFailure(String message, Throwable cause) { super(message, cause); }
  }
}
