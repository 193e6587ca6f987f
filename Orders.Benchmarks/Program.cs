using Orders.Benchmarks.Messaging;

return args.FirstOrDefault() switch
{
    "messaging" => await OutboxBenchmark.RunAsync(BenchmarkSettings.Parse(args.Skip(1).ToArray())),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project Orders.Benchmarks -- messaging [--chains N] [--hops N] [--concurrency N] [--warmup N]");
    return 2;
}
