using System.Diagnostics;
using System.Globalization;

namespace Orders.Testing.Servers;

/// <summary>
/// A server run in the foreground as its own session and process group (through <c>setsid</c>), as another OS user
/// when the tests run as root: it can be stopped gracefully by a signal, or killed with everything it started, and the
/// <see cref="ProcessReaper"/> kills it if the test process dies first. Output goes to a log file.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly IDisposable _reaping;

    private ServerProcess(Process process, IDisposable reaping, string logFile)
    {
        _process = process;
        _reaping = reaping;
        LogFile = logFile;
    }

    public string LogFile { get; }

    public bool IsRunning => !_process.HasExited;

    /// <summary>Starts <paramref name="command"/> as <paramref name="user"/> (when root; else as the current user).</summary>
    public static ServerProcess Start(string user, string workingDirectory, string logFile, IReadOnlyDictionary<string, string> environment, params string[] command)
    {
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in AsUser(user).Concat(command))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // setsid execs in place (the test host is never a group leader): the pid is the new session's and group's id.
        return new ServerProcess(process, ProcessReaper.KillGroupOnExit(process.Id), logFile);
    }

    /// <summary>The command prefix that runs a program as <paramref name="user"/>: nothing unless the tests run as root.</summary>
    public static IEnumerable<string> AsUser(string user) => IsRoot
        ? ["setpriv", $"--reuid={user}", $"--regid={user}", "--init-groups", "--"]
        : [];

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Sends <paramref name="signal"/> (TERM, INT) and waits for the server to end; kills it after the deadline.</summary>
    public async Task StopAsync(string signal, TimeSpan deadline)
    {
        if (IsRunning)
        {
            await RunAsync("kill", $"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture));
            using var timeout = new CancellationTokenSource(deadline);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                // Did not stop in time: the hard way below.
            }
        }

        await KillAsync();
    }

    /// <summary>kill -9 of the whole process group: the server gets no chance to shut down cleanly.</summary>
    public async Task KillAsync()
    {
        await RunAsync("kill", "-KILL", "--", $"-{_process.Id.ToString(CultureInfo.InvariantCulture)}");
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _reaping.Dispose();
        _process.Dispose();
    }

    /// <summary>Runs a short command to completion; returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments) =>
        RunAsync(TimeSpan.FromMinutes(2), program, arguments);

    /// <summary>
    /// Runs a command to completion and returns its exit code and output; past <paramref name="timeout"/> it kills the
    /// command with its children and throws <see cref="TimeoutException"/> with what the command wrote.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} could not be started");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end within {timeout}:\n{await output}{await error}");
        }

        return (process.ExitCode, await output + await error);
    }

    public string LogTail(int lines = 30)
    {
        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
