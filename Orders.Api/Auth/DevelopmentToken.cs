namespace Orders.Api.Auth;

/// <summary>The <c>token &lt;id&gt; [--role ops]</c> command: prints a development bearer token on the last line of stdout.</summary>
public static class DevelopmentToken
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private static readonly string[] EnvironmentVariables = ["ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"];

    public static int Print(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is not [var customerId, ..] || string.IsNullOrWhiteSpace(customerId))
        {
            Console.Error.WriteLine("usage: Orders.Api token <customer-id> [--role ops]");
            return 2;
        }

        // Minting is a development convenience: it runs with Development settings unless told otherwise.
        var environment = EnvironmentVariables
            .Select(Environment.GetEnvironmentVariable)
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value)) ?? Environments.Development;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args[1..],
            EnvironmentName = environment,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (!builder.Environment.IsDevelopment())
        {
            Console.Error.WriteLine($"Tokens are minted here only for Development; the environment is {builder.Environment.EnvironmentName}.");
            return 1;
        }

        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        options.EnsureUsable(builder.Environment);
        // --role ops reads as the configuration key "role": an operator's token for the console (docs/operations.md).
        var role = builder.Configuration["role"];
        if (role is not (null or Ops.OpsRole.Value))
        {
            Console.Error.WriteLine($"Unknown role {role}; the one role is {Ops.OpsRole.Value}.");
            return 2;
        }

        Console.WriteLine(AccessTokens.Create(options, customerId, DateTime.UtcNow, Lifetime, role));
        return 0;
    }
}
