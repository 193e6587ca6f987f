using System.Diagnostics;

namespace Orders.Testing.Servers;

/// <summary>
/// Ends what a test process started when that process itself ends without tearing down (kill -9, a crashed test
/// host): a small watchdog shell, in its own session, polls the test process and then kills every process group and
/// removes every folder still registered with it.
/// </summary>
public static class ProcessReaper
{
    private static readonly Lock Gate = new();
    private static string? _registry;

    /// <summary>
    /// The process group <paramref name="groupId"/> (a process started as a session leader through <c>setsid</c>) is killed
    /// if the test process dies first; dispose the result once the group has been stopped normally.
    /// </summary>
    public static IDisposable KillGroupOnExit(int groupId) => Register("1-kill", groupId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The folder is removed if the test process dies first (after the groups are killed).</summary>
    public static IDisposable RemoveOnExit(string folder) => Register("2-remove", folder);

    private static Registration Register(string kind, string value)
    {
        var file = Path.Combine(Registry(), $"{kind}-{Guid.NewGuid():N}");
        File.WriteAllText(file, value);
        return new Registration(file);
    }

    private static string Registry()
    {
        lock (Gate)
        {
            if (_registry is not null)
            {
                return _registry;
            }

            var registry = Directory.CreateTempSubdirectory("orders-reaper-").FullName;
            const string Watch = """
                exec </dev/null >/dev/null 2>&1
                while kill -0 "$1" 2>/dev/null; do sleep 1; done
                for f in "$2"/1-kill-*; do [ -f "$f" ] && kill -KILL -- "-$(cat "$f")" 2>/dev/null; done
                for f in "$2"/2-remove-*; do [ -f "$f" ] && rm -rf -- "$(cat "$f")"; done
                rm -rf -- "$2"
                """;
            var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
            foreach (var argument in new[] { "bash", "-c", Watch, "reaper", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), registry })
            {
                start.ArgumentList.Add(argument);
            }

            using var watchdog = Process.Start(start) ?? throw new InvalidOperationException("the process reaper could not be started");
            _registry = registry;
            return registry;
        }
    }

    private sealed class Registration(string file) : IDisposable
    {
        public void Dispose() => File.Delete(file);
    }
}
