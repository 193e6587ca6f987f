using System.Reflection;
using MassTransit;

namespace Orders.Testing.Harness;

/// <summary>The message types a test knows, by the URN that an outbox row stores (<c>urn:message:Namespace:Type</c>).</summary>
public sealed class OutboxMessageTypes
{
    private readonly Dictionary<string, Type> _byUrn;

    public OutboxMessageTypes(IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        _byUrn = assemblies
            .SelectMany(assembly => assembly.GetExportedTypes())
            .Where(type => type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false })
            .ToDictionary(MessageUrn.ForTypeString, type => type, StringComparer.Ordinal);
    }

    /// <summary>The most specific known type among a row's message types (the first one that MassTransit wrote).</summary>
    public Type? Resolve(string? messageTypes)
    {
        foreach (var urn in (messageTypes ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (_byUrn.TryGetValue(urn, out var type))
            {
                return type;
            }
        }

        return null;
    }
}
