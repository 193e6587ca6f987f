using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Orders.Benchmarks.Load;

/// <summary>
/// One of the system's Release executables, started as its own process on a free loopback port with configuration by
/// environment variables, as an operator runs it. Its output goes to a log file in the run's folder; its process id
/// is what the CPU and memory figures are read from.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly string _assembly;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;

    public ServiceProcess(string name, string project, IReadOnlyDictionary<string, string> environment, string logFolder)
    {
        Name = name;
        _assembly = BuiltAssembly(project);
        _environment = environment;
        Port = FreePort();
        LogFile = Path.Combine(logFolder, $"{name}.log");
    }

    public string Name { get; }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public string LogFile { get; }

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException($"{Name} was not started.");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The project's assembly of the same configuration as this benchmark (Release when run as documented).</summary>
    public static string BuiltAssembly(string project)
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = bin.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(root, project, "bin", bin.Parent!.Name, bin.Name, project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built ({path})", path);
    }

    public void Start()
    {
        var start = Info();
        start.Environment["Urls"] = Address.ToString().TrimEnd('/');
        var log = new StreamWriter(LogFile, append: true) { AutoFlush = false };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Exited += (_, _) =>
        {
            Write(log, $"--- {Name} exited");
            lock (log)
            {
                log.Flush();
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Runs the executable with a command (such as <c>token</c>) to completion and returns its last output line.</summary>
    public async Task<string> RunCommandAsync(params string[] arguments)
    {
        var start = Info(arguments);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return process.ExitCode == 0 && lines.Length > 0
            ? lines[^1]
            : throw new InvalidOperationException($"{Name} {string.Join(' ', arguments)} failed: {error}{output}");
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    private ProcessStartInfo Info(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(_assembly)!,
        };
        start.ArgumentList.Add(_assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }
}
