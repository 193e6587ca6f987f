using Microsoft.Extensions.Logging;

namespace Orders.Messaging.Tests.Support;

/// <summary>Host logs (warnings and up) in the test output, where a failing test's reader looks first.</summary>
public sealed class TestLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new TestLogger(categoryName);

    public void Dispose()
    {
    }

    private sealed class TestLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                TestContext.Progress.WriteLine($"[{logLevel}] {category}: {formatter(state, exception)}{(exception is null ? string.Empty : Environment.NewLine + exception)}");
            }
        }
    }
}
