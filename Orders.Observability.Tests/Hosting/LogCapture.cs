using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orders.Observability.Tests.Hosting;

/// <summary>A logger provider that keeps every entry with its structured values: the message's own and its scopes'.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            capture._scopes.ForEachScope(
                (scope, into) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, value) in pairs)
                        {
                            into[key] = value;
                        }
                    }
                },
                values);
            if (state is IEnumerable<KeyValuePair<string, object?>> own)
            {
                foreach (var (key, value) in own)
                {
                    values[key] = value;
                }
            }

            capture._entries.Enqueue(new CapturedLog(category, formatter(state, exception), values));
        }
    }
}

public sealed record CapturedLog(string Category, string Message, IReadOnlyDictionary<string, object?> Values)
{
    public string? Value(string key) => Values.TryGetValue(key, out var value) ? value?.ToString() : null;
}
