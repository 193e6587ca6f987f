using System.Globalization;
using System.Text.Json;
using RabbitMQ.Client;

namespace Orders.Api.Ops;

/// <summary>What the console shows of a message in an error queue, and the copy of it that goes back to its queue.</summary>
internal static class FailedMessage
{
    private const string FaultPrefix = "MT-Fault-";

    /// <summary>Headers the error transport and the broker added on the way to the error queue; the redriven copy goes without them.</summary>
    private static bool AddedOnFailure(string header) =>
        header.StartsWith(FaultPrefix, StringComparison.OrdinalIgnoreCase)
        || header.Equals("MT-Reason", StringComparison.OrdinalIgnoreCase)
        || header.StartsWith("x-", StringComparison.OrdinalIgnoreCase);

    public static FailedMessageBody Describe(string? messageId, IReadOnlyDictionary<string, JsonElement>? headers, string? payload)
    {
        string? Header(string name) =>
            headers is not null && headers.TryGetValue(name, out var value)
                ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString()
                : null;

        var (type, orderId) = ReadBody(payload);
        var failedAt = DateTime.TryParse(Header(FaultPrefix + "Timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : (DateTime?)null;
        return new FailedMessageBody(
            messageId ?? string.Empty,
            type ?? Header("MT-MessageType"),
            orderId,
            Header(FaultPrefix + "ExceptionType"),
            Header(FaultPrefix + "Message"),
            failedAt,
            Header("MT-Reason"));
    }

    /// <summary>The message's own properties and headers, without what its failure added; the message id stays, so an inbox recognises a repeat.</summary>
    public static BasicProperties Redriven(IReadOnlyBasicProperties failed)
    {
        var copy = new BasicProperties(failed) { Persistent = true };
        if (failed.Headers is { } headers)
        {
            copy.Headers = headers.Where(header => !AddedOnFailure(header.Key)).ToDictionary(header => header.Key, header => header.Value);
        }

        return copy;
    }

    private static (string? Type, Guid? OrderId) ReadBody(string? payload)
    {
        if (string.IsNullOrEmpty(payload))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            string? type = null;
            if (root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0)
            {
                type = types[0].GetString()?.Replace("urn:message:", string.Empty, StringComparison.Ordinal);
            }

            var message = root.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
            Guid? orderId = message.TryGetProperty("orderId", out var id) && id.ValueKind == JsonValueKind.String && Guid.TryParse(id.GetString(), out var parsed)
                ? parsed
                : null;
            return (type, orderId);
        }
        catch (JsonException)
        {
            // Not JSON: a poison message, shown by its fault headers alone.
            return (null, null);
        }
    }
}
