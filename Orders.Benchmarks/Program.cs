using Orders.Benchmarks.Floor;
using Orders.Benchmarks.Load;
using Orders.Benchmarks.Messaging;

return args.FirstOrDefault() switch
{
    "messaging" => await OutboxBenchmark.RunAsync(BenchmarkSettings.Parse(args.Skip(1).ToArray())),
    "load" => await LoadBenchmark.RunAsync(LoadSettings.Parse(args.Skip(1).ToArray())),
    "floor" => await FloorCommand.RunAsync(LoadSettings.Parse(args.Skip(1).ToArray())),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project Orders.Benchmarks -- <command>");
    Console.Error.WriteLine("  messaging [--chains N] [--hops N] [--concurrency N] [--warmup N]");
    foreach (var line in LoadSettings.Usage.Split('\n'))
    {
        Console.Error.WriteLine("  " + line);
    }

    return 2;
}
