using System.Globalization;

namespace Orders.Benchmarks.Load;

/// <summary>
/// CPU time and memory of a process from Linux's <c>/proc</c>: user + system time (<c>/proc/PID/stat</c>, clock ticks)
/// and resident memory now and at its peak (<c>VmRSS</c>, <c>VmHWM</c> in <c>/proc/PID/status</c>).
/// </summary>
public static class ProcessMeter
{
    // USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)).
    private const double MillisecondsPerTick = 10;

    public static bool Supported => File.Exists("/proc/self/stat");

    /// <summary>CPU time used so far, in milliseconds; null when the process is gone.</summary>
    public static double? CpuMilliseconds(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");

            // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (user + system) * MillisecondsPerTick;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Resident memory now and its peak so far, in MiB.</summary>
    public static (double Rss, double Peak)? MemoryMebibytes(int processId)
    {
        try
        {
            double rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line) / 1024;
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line) / 1024;
                }
            }

            return (rss, peak);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Processes whose command name is one of <paramref name="names"/> (the shared PostgreSQL and RabbitMQ servers).</summary>
    public static IReadOnlyList<int> ProcessesNamed(params string[] names)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var id))
            {
                try
                {
                    if (names.Contains(File.ReadAllText(Path.Combine(directory, "comm")).Trim(), StringComparer.Ordinal))
                    {
                        found.Add(id);
                    }
                }
                catch (IOException)
                {
                    // Ended while listed.
                }
                catch (UnauthorizedAccessException)
                {
                    // Not ours to read.
                }
            }
        }

        return found;
    }

    /// <summary>1-minute load average of the machine.</summary>
    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private static double Kilobytes(string line) =>
        double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
