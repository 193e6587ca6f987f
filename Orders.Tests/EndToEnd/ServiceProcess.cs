using System.Diagnostics;
using System.Net;
using Orders.Testing;
using Orders.Testing.Servers;

namespace Orders.Tests.EndToEnd;

/// <summary>
/// One of the system's real executables, started as its own process with configuration by environment variables,
/// exactly as an operator would run it. Its output goes to a log file that failing tests print.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string _name;
    private readonly string _assembly;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;
    private IDisposable? _reaping;

    /// <summary>A process of the project's built assembly; <paramref name="assembly"/> names it when the folder does not (migrations).</summary>
    public ServiceProcess(string name, string project, int port, IReadOnlyDictionary<string, string> environment, string? assembly = null)
    {
        _name = name;
        _assembly = BuiltAssembly(project, assembly);
        Port = port;
        _environment = environment;
        LogFile = Path.Combine(TestContext.CurrentContext.WorkDirectory, "e2e-logs", $"{name}-{port}.log");
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>Inventory's HTTP/1.1 listener for <c>/metrics</c> and <c>/health/*</c> (the others ignore it).</summary>
    public Uri OperationsAddress { get; } = new($"http://127.0.0.1:{FreePort()}");

    public string LogFile { get; }

    public bool IsRunning => _process is { HasExited: false };

    public static int FreePort() => LoopbackApp.FreePort();

    /// <summary>The same configuration as the project's Release or Debug build that runs these tests.</summary>
    public static string BuiltAssembly(string project, string? assembly = null)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(root, project, "bin", configuration, framework, (assembly ?? project) + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built ({path}); build the solution first", path);
    }

    public void Start(params string[] arguments)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LogFile)!);
        // In a session of its own, so that the reaper can kill it if this test process dies without tearing down.
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(_assembly)!,
        };
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(_assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["Urls"] = Address.ToString().TrimEnd('/');
        start.Environment["Operations__Urls"] = OperationsAddress.ToString().TrimEnd('/');
        start.Environment.TryAdd("Logging__Console__TimestampFormat", "HH:mm:ss.fff ");
        var log = new StreamWriter(LogFile, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Exited += (_, _) => Write(log, $"--- {_name} exited");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        _reaping = ProcessReaper.KillGroupOnExit(process.Id);
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200; fails the test when the process ends or the deadline passes.</summary>
    public async Task WhenReadyAsync(bool http2, TimeSpan? timeout = null)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        if (http2)
        {
            client.DefaultRequestVersion = HttpVersion.Version20;
            client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        // Ready, or exited: either ends the wait.
        var ready = await Eventually.Until(
            async () => await AnswersReadyAsync(client) || !IsRunning,
            done => done,
            timeout ?? TimeSpan.FromSeconds(60));
        if (!ready || !IsRunning)
        {
            Assert.Fail($"{LogFile} did not become ready\n{LogTail()}");
        }
    }

    private async Task<bool> AnswersReadyAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(Address, "/health/ready"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
            return false;
        }
        catch (TaskCanceledException)
        {
            // Listening but slow to answer while it starts.
            return false;
        }
    }

    /// <summary>Runs the executable to completion (e.g. a command such as "token") and returns its output.</summary>
    public async Task<string> RunToCompletionAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(_assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{_name} {string.Join(' ', arguments)} failed: {error}{output}");
    }

    /// <summary>Waits for the process to end on its own; null when it still runs at the deadline.</summary>
    public async Task<int?> ExitCodeAsync(TimeSpan deadline)
    {
        var process = _process ?? throw new InvalidOperationException($"{_name} was not started.");
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return null;
        }

        return process.ExitCode;
    }

    /// <summary>kill -9 of the process and everything it started: it gets no chance to finish what it was doing.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _process = null;
        _reaping?.Dispose();
        _reaping = null;
    }

    public string LogTail(int lines = 40)
    {
        if (!File.Exists(LogFile))
        {
            return $"({_name}: no log)";
        }

        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var all = reader.ReadToEnd().Split('\n');
        return $"--- {_name} (last {lines} lines of {LogFile})\n" + string.Join('\n', all.TakeLast(lines));
    }

    public ValueTask DisposeAsync() => new(StopAsync());

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
