using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace Orders.Messaging;

/// <summary>
/// What every message type promises by its declaration alone: a member that is not nullable is present (a missing JSON
/// member deserializes to null all the same), and a <see cref="Guid"/> that is not nullable is set, because it identifies
/// something. Records of the message's own assembly inside it, and the items of its lists, are held to the same rules.
/// </summary>
public static class MessageContract
{
    private const int MaxDepth = 8;

    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();

    /// <summary>Each broken rule as "<c>path</c> is …", in member order; empty when the message keeps its contract.</summary>
    public static IReadOnlyList<string> Violations(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var violations = new List<string>();
        Check(message, message.GetType().Assembly, path: null, violations, depth: 0);
        return violations;
    }

    private static void Check(object value, Assembly contracts, string? path, List<string> violations, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        foreach (var member in Members.GetOrAdd(value.GetType(), Describe))
        {
            var memberPath = path is null ? member.Name : $"{path}.{member.Name}";
            var memberValue = member.Property.GetValue(value);
            switch (memberValue)
            {
                case null when member.Required:
                    violations.Add($"{memberPath} is missing");
                    break;
                case Guid id when id == Guid.Empty && member.Property.PropertyType == typeof(Guid):
                    violations.Add($"{memberPath} is empty");
                    break;
                case string:
                    break;
                case IEnumerable items:
                    var index = 0;
                    foreach (var item in items)
                    {
                        var itemPath = $"{memberPath}[{index++}]";
                        if (item is null)
                        {
                            violations.Add($"{itemPath} is missing");
                        }
                        else if (item.GetType().Assembly == contracts)
                        {
                            Check(item, contracts, itemPath, violations, depth + 1);
                        }
                    }

                    break;
                case not null when memberValue.GetType().Assembly == contracts && !memberValue.GetType().IsEnum:
                    Check(memberValue, contracts, memberPath, violations, depth + 1);
                    break;
            }
        }
    }

    private static Member[] Describe(Type type)
    {
        var nullability = new NullabilityInfoContext();
        return [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.CanRead && property.GetIndexParameters().Length == 0)
            .Select(property => new Member(
                property,
                char.ToLowerInvariant(property.Name[0]) + property.Name[1..],
                !property.PropertyType.IsValueType && nullability.Create(property).ReadState == NullabilityState.NotNull))];
    }

    private sealed record Member(PropertyInfo Property, string Name, bool Required);
}
