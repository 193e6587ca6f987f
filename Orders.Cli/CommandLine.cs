namespace Orders.Cli;

/// <summary>
/// A command's options, each <c>--name value</c> or <c>--name=value</c>. Anything else is a usage error rather than
/// silently ignored: a mistyped <c>--api</c> must not send orders to the default address.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _values;

    private CommandLine(Dictionary<string, string> values) => _values = values;

    public static CommandLine Parse(IReadOnlyList<string> args, params IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(names);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var (name, value) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            if (!names.Contains(name))
            {
                throw new UsageException($"Unknown option or argument: {args[i]}");
            }

            if (value is null)
            {
                if (i + 1 == args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new UsageException($"{name} needs a value");
                }

                value = args[++i];
            }

            if (!values.TryAdd(name, value))
            {
                throw new UsageException($"{name} is given twice");
            }
        }

        return new CommandLine(values);
    }

    public string? this[string name] => _values.GetValueOrDefault(name);
}
