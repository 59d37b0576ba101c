package conformance;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Calls a client method by name with a call's positional arguments, choosing among overloads the
 * one the arguments fit best: a String as it is, then a number parsed from it, then the body read
 * into the parameter's type (the SDK's request model) by Gson.
 */
final class Overloads {
  private Overloads() {}

  private static final int NO = Integer.MAX_VALUE;

  static Object call(Object client, String name, List<Object> args, Gson gson, Object voidResult) throws Exception {
    String[] steps = name.split("\\.");
    Object owner = client;
    for (int i = 0; i < steps.length - 1; i++) {
      try {
        owner = invoke(owner, owner.getClass().getMethod(steps[i]), new Object[0]);
      } catch (NoSuchMethodException e) {
        throw new ErrorDetails.AdapterFailure("the client has no method " + name);
      }
    }
    Method best = null;
    Object[] bestArgs = null;
    int bestCost = NO;
    for (Method m : owner.getClass().getMethods()) {
      if (!m.getName().equals(steps[steps.length - 1]) || m.getParameterCount() != args.size()) continue;
      Object[] converted = new Object[args.size()];
      int cost = 0;
      for (int i = 0; i < args.size() && cost != NO; i++) {
        int c = convert(args.get(i), m.getParameterTypes()[i], m.getGenericParameterTypes()[i], gson, converted, i);
        cost = c == NO ? NO : cost + c;
      }
      if (cost < bestCost) { best = m; bestArgs = converted; bestCost = cost; }
    }
    if (best == null) throw new ErrorDetails.AdapterFailure("the client has no method " + name + " taking " + args.size() + " argument(s) that fit " + describe(args));
    Object result = invoke(owner, best, bestArgs);
    return best.getReturnType() == void.class ? voidResult : result;
  }

  /** Converts one argument into out[i]; returns its cost, or NO when it does not fit. */
  private static int convert(Object arg, Class<?> type, Type generic, Gson gson, Object[] out, int i) {
    try {
      if (arg instanceof String) {
        String s = (String) arg;
        if (type == String.class || type == Object.class || type == CharSequence.class) { out[i] = s; return 0; }
        if (type == long.class || type == Long.class) { out[i] = Long.parseLong(s); return 1; }
        if (type == int.class || type == Integer.class) { out[i] = Integer.parseInt(s); return 1; }
        return NO;
      }
      JsonElement body = (JsonElement) arg;
      if (type.isInstance(body)) { out[i] = body; return 0; }
      if (type == String.class) { out[i] = body.toString(); return 1; }
      if (type.isPrimitive() || Number.class.isAssignableFrom(type)) return NO;
      out[i] = gson.fromJson(body, generic);
      return out[i] == null && !body.isJsonNull() ? NO : 2;
    } catch (RuntimeException doesNotFit) {
      return NO;
    }
  }

  private static Object invoke(Object owner, Method m, Object[] args) throws Exception {
    try {
      m.setAccessible(true);
    } catch (RuntimeException ignored) {
      // public anyway
    }
    try {
      return m.invoke(owner, args);
    } catch (IllegalAccessException e) {
      throw new ErrorDetails.AdapterFailure("cannot call " + m + ": " + e.getMessage(), e);
    }
  }

  private static String describe(List<Object> args) {
    StringBuilder b = new StringBuilder("(");
    for (Object a : args) b.append(b.length() > 1 ? ", " : "").append(a instanceof JsonObject ? "a JSON object" : a instanceof JsonElement ? "JSON" : "\"" + a + "\"");
    return b.append(")").toString();
  }
}
