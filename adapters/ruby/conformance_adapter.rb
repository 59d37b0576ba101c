# Adapter helper for Ruby SDKs: the conformance kit's stdio protocol (docs/adapter-protocol.md).
#
# Standard library only. The maintainer says how to build the SDK's client, how to call each
# operation and which exceptions are the SDK's own; this module does the rest: the JSON-lines loop,
# exact integers both ways (Ruby Integers have no size limit), turning the SDK's objects back into
# JSON, and sorting exceptions.
#
# Hooks, each with defaults for the common SDK styles (docs/adapters.md): errors (classes or
# predicates per kind; the closest match wins), status / result_code / body (read from the error),
# encoders (classes to JSON). A method returning nil is a void result; json_text(s) marks a
# string as raw JSON. A failure inside the helper is reported as the adapter's (adapter-failure),
# never as the SDK's error.
require "date"
require "json"
require "set"
require "time"
require "uri"

module ConformanceAdapter
  KINDS = %i[api decode transport].freeze
  # Where SDKs keep an error's HTTP status, raw body and Authlete resultCode, most direct first.
  # Each step is a method without arguments, or a key of a Hash (string or symbol).
  STATUS_PATHS = %w[status status_code statusCode http_status response_status code response.status response.status_code
                    response.code raw_response.status raw_response.status_code http_response.status http_response.code].freeze
  BODY_PATHS = %w[body response_body raw_body http_body response.body raw_response.body http_response.body].freeze
  RESULT_CODE_PATHS = %w[result_code resultCode].freeze

  # The adapter itself failed (a hook raised, a result is not JSON): never the SDK's error.
  class AdapterError < StandardError; end

  # A String the SDK handed over as raw JSON text.
  class JsonText < String; end

  module_function

  # Marks a result as raw JSON text: decoded is the JSON it holds (or the string when it is not JSON).
  def json_text(text) = JsonText.new(text)

  # Positional arguments of a call: path parameters in path order (without serviceId, a client
  # setting in most SDKs), then the body when there is one.
  def args(request)
    path = request.fetch("pathParams", {}).reject { |k, _| k == "serviceId" }.values
    request.key?("body") ? path + [request["body"]] : path
  end

  # The body's members as snake_case keyword arguments, for methods like token(parameters:, client_id:).
  def kwargs(request)
    (request["body"] || {}).to_h { |k, v| [k.gsub(/(?<=[a-z0-9])([A-Z])/, '_\1').downcase.to_sym, v] }
  end

  # Follows a dotted path of no-argument methods and Hash keys; nil when any step fails.
  def dig(value, path)
    path.split(".").reduce(value) do |v, step|
      break nil if v.nil?
      if v.is_a?(Hash) then v.key?(step) ? v[step] : v[step.to_sym]
      elsif v.respond_to?(step) && [0, -1].include?(v.method(step).arity) then v.public_send(step)
      end
    rescue StandardError # a method that raises is just not where the value is
      break nil
    end
  end

  def status_of(v)
    v = v.to_i if v.is_a?(String) && v.match?(/\A\d{3}\z/)
    v.is_a?(Integer) && v.between?(100, 599) ? v : nil
  end

  # The HTTP status the error carries, under any of the common spellings.
  def default_status(e) = STATUS_PATHS.lazy.map { |p| status_of(dig(e, p)) }.find(&:itself)

  # The error's raw body: text or already-parsed JSON.
  def default_body(e) = BODY_PATHS.lazy.map { |p| dig(e, p) }.find { |b| b.is_a?(String) || b.is_a?(Hash) || b.is_a?(Array) }

  # The resultCode the error carries itself, else the one in its raw body.
  def default_result_code(e, body)
    own = RESULT_CODE_PATHS.lazy.map { |p| dig(e, p) }.find { |c| c.is_a?(String) }
    return own if own
    body = JSON.parse(body) if body.is_a?(String)
    code = body.is_a?(Hash) ? body["resultCode"] || body[:resultCode] : nil
    code.is_a?(String) ? code : nil
  rescue JSON::ParserError # an HTML error page, say: no resultCode to report
    nil
  end

  # The kind whose matcher fits e most closely: a predicate that holds (0), or the nearest class in
  # e's ancestry. A decode error subclassing the SDK's base error (listed as api) is decode, whatever
  # the order. Two kinds fitting equally well is the adapter's mistake.
  def classify(e, errors)
    fits = errors.filter_map do |kind, matcher|
      raise AdapterError, "unknown error kind #{kind.inspect} (expected api, decode or transport)" unless KINDS.include?(kind.to_sym)
      d = Array(matcher).filter_map do |m|
        if m.is_a?(Module) then e.is_a?(m) ? e.class.ancestors.index(m) : nil
        else m.call(e) ? 0 : nil
        end
      rescue StandardError => err
        raise AdapterError, "the #{kind} error matcher raised #{err.class}: #{err.message}"
      end.min
      [kind.to_sym, d] if d
    end
    best = fits.select { |_, d| d == fits.map(&:last).min }
    raise AdapterError, "#{e.class} matches the #{best.map(&:first).join(" and ")} errors equally: make their classes or predicates tell them apart" if best.size > 1
    best.first&.first
  end

  def iso(value)
    text = value.is_a?(Time) && value.subsec != 0 ? value.iso8601(3) : value.iso8601
    text.sub(/\+00:00\z/, "Z")
  end

  # Fields of a plain object, by its instance variables.
  def fields(value) = value.instance_variables.to_h { |iv| [iv.to_s.delete_prefix("@"), value.instance_variable_get(iv)] }

  # An SDK object as JSON data, in the common Ruby model styles: to_hash (generated models), to_h
  # (Structs, Data, dry-struct), plain objects (instance variables); Symbols as strings; Time and
  # Date as ISO 8601, URIs as written; encoders first. With nulls: "absent" (nil stands for both
  # null and absent), nil-valued keys are left out.
  def to_json_data(value, nulls = "absent", encoders = {}, path = "")
    encoders.each do |cls, encode|
      next unless value.is_a?(cls)
      begin
        encoded = encode.call(value)
      rescue StandardError => e
        raise AdapterError, "the encoder for #{cls} raised #{e.class}: #{e.message} at #{path.empty? ? "/" : path}"
      end
      return to_json_data(encoded, nulls, {}, path)
    end
    case value
    when JsonText then parsed_text(value)
    when nil, true, false, Integer then value
    when String then value.to_s
    when Float
      raise AdapterError, "#{value} at #{path.empty? ? "/" : path} is not JSON" unless value.finite?
      value
    when Symbol then value.to_s
    when Hash
      value.each_with_object({}) { |(k, v), h| h[k.to_s] = to_json_data(v, nulls, encoders, "#{path}/#{k}") unless v.nil? && nulls == "absent" }
    when Array, Set then value.each_with_index.map { |v, i| to_json_data(v, nulls, encoders, "#{path}/#{i}") }
    when Time, DateTime, Date then iso(value)
    when URI::Generic then value.to_s
    else
      if defined?(BigDecimal) && value.is_a?(BigDecimal) then value.frac.zero? ? value.to_i : value.to_f
      elsif value.respond_to?(:to_hash) then to_json_data(value.to_hash, nulls, encoders, path)
      elsif value.respond_to?(:to_h) then to_json_data(value.to_h, nulls, encoders, path)
      elsif !value.instance_variables.empty? then to_json_data(fields(value), nulls, encoders, path)
      else raise AdapterError, "cannot turn #{value.class} at #{path.empty? ? "/" : path} into JSON: give encoders: { #{value.class} => ->(v) { ... } }"
      end
    end
  end

  # Raw JSON text as data; text that is not JSON is what the SDK handed over: the string.
  def parsed_text(text)
    JSON.parse(text)
  rescue JSON::ParserError
    text.to_s
  end

  def by_name(name)
    lambda do |client, request|
      *owners, method = name.to_s.split(".")
      owner = owners.reduce(client) { |o, step| o.respond_to?(step) ? o.public_send(step) : nil }
      raise AdapterError, "the client has no method #{name}" unless owner.respond_to?(method)
      owner.public_send(method, *args(request))
    end
  end

  MARK = "\u0000conformance-json-text\u0000"

  # One protocol line; a JsonText result goes in as written (exact digits), on one ASCII line.
  def line(answer)
    decoded = answer.dig("result", "decoded")
    return JSON.generate(answer, ascii_only: true) unless decoded.is_a?(JsonText)
    begin
      JSON.parse(decoded)
    rescue JSON::ParserError
      answer["result"]["decoded"] = decoded.to_s # not JSON: the SDK handed over this string
      return JSON.generate(answer, ascii_only: true)
    end
    # Valid JSON has line breaks only between tokens and non-ASCII only inside strings.
    raw = decoded.to_s.tr("\r\n", "  ").gsub(/[^\x00-\x7f]/) { |c| JSON.generate(c, ascii_only: true)[1..-2] }
    answer["result"]["decoded"] = MARK
    JSON.generate(answer, ascii_only: true).sub(JSON.generate(MARK), raw)
  end

  # A raw body as the protocol's text: text as it is, parsed JSON written back.
  def body_text(raw)
    return nil if raw.nil?
    raw.is_a?(String) ? raw : JSON.generate(raw)
  rescue StandardError
    raw.to_s
  end

  # name, sdk: the adapter's name and [sdk name, version]; client: ->(base_url, credentials), or
  # with timeout: true ->(base_url, credentials, seconds) given the timeout (a Float, in seconds)
  # to configure the SDK with; operations: { operationId => ->(client, request), or a method name
  # called with args(request) }; others are answered "unsupported"; errors: { api:, decode:,
  # transport: } each a class, a predicate, or an array of them; status:, body:, cause: ->(error),
  # result_code: ->(error, body) replace the defaults; encoders: { Class => ->(value) { JSON data } };
  # unsupported_parameters: { operationId (or "*") => [request pointers such as "/body/*"] } the SDK cannot take.
  def serve(name:, sdk:, client:, operations:, errors:, traits: {}, version: "1.0.0", unsupported: [], status: nil, body: nil, result_code: nil,
            encoders: {}, timeout: false, cause: nil, unsupported_parameters: {})
    traits = { "nulls" => "absent", "keys" => "snake_case" }.merge(traits.transform_keys(&:to_s))
    ops = operations.to_h { |op, fn| [op.to_s, fn.respond_to?(:call) ? fn : by_name(fn)] }
    error_answer = lambda do |e|
      kind = classify(e, errors)
      next { "error" => { "kind" => "unexpected", "message" => "#{e.class}: #{e.message}" } } unless kind
      raw = body ? body.call(e) : default_body(e)
      err = { "kind" => kind.to_s, "message" => e.message }
      got = status ? status_of(status.call(e)) : default_status(e)
      err["status"] = got if got
      code = result_code ? result_code.call(e, raw) : default_result_code(e, raw)
      err["resultCode"] = code if code.is_a?(String)
      text = body_text(raw)
      err["body"] = text if text
      underlying = cause ? cause.call(e) : e.cause
      err["cause"] = underlying.is_a?(Exception) ? "#{underlying.class}: #{underlying.message}" : underlying.to_s if underlying
      { "error" => err }
    end
    seconds = nil # the timeout the kit asked for, from start
    handle = lambda do |msg|
      case msg["cmd"]
      when "start"
        seconds = msg["timeoutMs"].is_a?(Integer) ? msg["timeoutMs"] / 1000.0 : nil
        hello = { "ok" => true, "name" => name, "version" => version, "language" => "ruby", "sdk" => { "name" => sdk[0], "version" => sdk[1] }, "traits" => traits,
                  "timeout" => timeout && seconds ? "configured" : "unsupported" }
        hello["unsupported"] = unsupported unless unsupported.empty?
        hello["unsupportedParameters"] = unsupported_parameters.to_h { |op, ps| [op.to_s, ps.map(&:to_s)] } unless unsupported_parameters.empty?
        hello
      when "stop" then { "ok" => true }
      when "call"
        op = ops[msg["operationId"]]
        next { "unsupported" => { "message" => "#{msg["operationId"]} is not implemented by #{sdk[0]}" } } unless op
        begin
          begin
            sdk_client = timeout ? client.call(msg["baseUrl"], msg["credentials"], seconds) : client.call(msg["baseUrl"], msg["credentials"])
            result = op.call(sdk_client, msg["request"])
          rescue AdapterError
            raise
          rescue StandardError => e # the SDK raised: its own error kinds, or unexpected
            next error_answer.call(e)
          end
          next { "result" => {} } if result.nil? # a method that returned nothing (void)
          { "result" => { "decoded" => result.is_a?(JsonText) ? result : to_json_data(result, traits["nulls"], encoders) } }
        rescue StandardError => e # the helper or a hook failed: the adapter's problem, never the SDK's
          { "error" => { "kind" => "adapter", "message" => e.is_a?(AdapterError) ? e.message : "adapter hook failed: #{e.class}: #{e.message}" } }
        end
      else { "error" => { "kind" => "adapter", "message" => "unknown command #{msg["cmd"].inspect}" } }
      end
    end
    out = $stdout
    $stdout = $stderr # stray puts in the SDK must not corrupt the protocol
    $stdin.set_encoding(Encoding::UTF_8)
    $stdin.each_line do |text|
      next if text.strip.empty?
      msg = JSON.parse(text)
      answer = handle.call(msg)
      answer["seq"] = msg["seq"]
      out.write(line(answer), "\n")
      out.flush
      break if msg["cmd"] == "stop"
    end
  ensure
    $stdout = out if out
  end
end
