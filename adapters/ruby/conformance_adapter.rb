# Adapter helper for Ruby SDKs: the conformance kit's stdio protocol (docs/adapter-protocol.md).
#
# Standard library only (json). The maintainer says how to build the SDK's client and how to call
# each operation; this module does the rest: the JSON-lines loop, exact integers both ways (Ruby
# Integers have no size limit), turning the SDK's objects back into JSON, and sorting exceptions
# into the SDK's own error kinds versus "unexpected".
require "json"

module ConformanceAdapter
  module_function

  # An SDK object as JSON data: Structs and objects with to_h, Symbols as strings. With
  # nulls: "absent" (nil stands for both null and absent), nil-valued keys are left out.
  def to_json_data(value, nulls)
    case value
    when nil, true, false, Integer, Float, String then value
    when Symbol then value.to_s
    when Hash then value.each_with_object({}) { |(k, v), h| h[k.to_s] = to_json_data(v, nulls) unless v.nil? && nulls == "absent" }
    when Array then value.map { |v| to_json_data(v, nulls) }
    else
      raise TypeError, "cannot turn #{value.class} into JSON" unless value.respond_to?(:to_h)
      to_json_data(value.to_h, nulls)
    end
  end

  def error_answer(kind, e)
    err = { "kind" => kind, "message" => e.message }
    if kind == "api"
      status = e.respond_to?(:status) ? e.status : nil
      err["status"] = status if status.is_a?(Integer)
      code = e.respond_to?(:result_code) ? e.result_code : nil
      err["resultCode"] = code if code.is_a?(String)
    end
    { "error" => err }
  end

  # name, sdk: the adapter's name and [sdk name, version]; client: ->(base_url, credentials);
  # operations: { operationId => ->(client, request) }; others are answered "unsupported";
  # errors: { api:, decode:, transport: } exception classes (or arrays of them).
  def serve(name:, sdk:, client:, operations:, errors:, traits: { "nulls" => "absent", "keys" => "snake_case" }, version: "1.0.0", unsupported: [])
    handle = lambda do |msg|
      case msg["cmd"]
      when "start"
        hello = { "ok" => true, "name" => name, "version" => version, "language" => "ruby", "sdk" => { "name" => sdk[0], "version" => sdk[1] }, "traits" => traits }
        hello["unsupported"] = unsupported unless unsupported.empty?
        hello
      when "stop" then { "ok" => true }
      when "call"
        op = operations[msg["operationId"]]
        next { "unsupported" => { "message" => "#{msg["operationId"]} is not implemented by #{sdk[0]}" } } unless op
        begin
          c = client.call(msg["baseUrl"], msg["credentials"])
          { "result" => { "decoded" => to_json_data(op.call(c, msg["request"]), traits["nulls"]) } }
        rescue StandardError => e
          kind = %i[api decode transport].find { |k| errors[k] && Array(errors[k]).any? { |cls| e.is_a?(cls) } }
          kind ? error_answer(kind.to_s, e) : { "error" => { "kind" => "unexpected", "message" => "#{e.class}: #{e.message}" } }
        end
      else { "error" => { "kind" => "unexpected", "message" => "unknown command #{msg["cmd"].inspect}" } }
      end
    end
    out = $stdout.dup
    $stdout = $stderr # stray puts in the SDK must not corrupt the protocol
    $stdin.set_encoding(Encoding::UTF_8)
    $stdin.each_line do |line|
      next if line.strip.empty?
      msg = JSON.parse(line)
      answer = handle.call(msg)
      answer["seq"] = msg["seq"]
      out.write(JSON.generate(answer, ascii_only: true), "\n")
      out.flush
      break if msg["cmd"] == "stop"
    end
  end
end
