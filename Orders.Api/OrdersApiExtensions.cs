using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Grpc.Core;
using Grpc.Net.Client.Configuration;
using MassTransit;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Orders.Api.Auth;
using Orders.Api.Data;
using Orders.Api.Health;
using Orders.Api.Inventory;
using Orders.Api.Limits;
using Orders.Api.OpenApi;
using Orders.Api.Ops;
using Orders.Api.Orders;
using Orders.Api.Problems;
using Orders.Contracts;
using Orders.Messaging;
using Orders.ServiceDefaults;
using Orders.ServiceDefaults.Broker;
using Scalar.AspNetCore;
using CancelOrderRequest = Orders.Contracts.CancelOrder;
using HealthClient = Grpc.Health.V1.Health.HealthClient;
using InventoryClient = Orders.Contracts.Inventory.Inventory.InventoryClient;

namespace Orders.Api;

/// <summary>Everything the API registers and the middleware it runs, so the service and its tests host the very same app.</summary>
public static class OrdersApiExtensions
{
    /// <summary>An order of 50 lines is a few KiB; anything far larger is not an order.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddOrdersApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.AddOrdersObservability("orders-api");
        services.AddSingleton<OrderMetrics>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<OrdersOptions>().BindConfiguration(OrdersOptions.Section)
            .Validate(options => options.CancelTimeout > TimeSpan.Zero, "Orders:CancelTimeout must be positive.")
            .ValidateOnStart();

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            StatusProblems.Complete(context.ProblemDetails);
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
        });

        services.ConfigureHttpJsonOptions(options =>
        {
            // A number is a JSON number: "quantity": "2" is a client's bug, answered 400 like any other wrong type.
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            // ASP.NET Core's default here is UnsafeRelaxedJsonEscaping; a customer's own text (an address) comes back
            // with <, >, &, ' and + as \uXXXX, so a client that drops it into a page never runs it as markup. Letters of
            // every script stay as they are.
            options.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
        // Before ExceptionProblems, which answers every exception: handlers are asked in the order they are added.
        services.AddOps();
        services.AddExceptionHandler<ExceptionProblems>();
        // Unreadable bodies (malformed JSON, wrong types) become exceptions that ExceptionProblems answers with a problem.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        DevelopmentSecrets.RefuseInProduction(builder.Environment, configuration, "Ordering");
        var ordering = configuration.GetConnectionString("Ordering")
            ?? throw new InvalidOperationException("ConnectionStrings:Ordering is not configured.");
        // One pool for EF Core (writes) and the raw reads of OrderReads.
        var database = new NpgsqlDataSourceBuilder(ServiceDatabase.ConnectionString(ordering)).Build();
        services.AddSingleton(database);
        services.AddDbContext<OrderingDbContext>(options => options.UseNpgsql(database));
        services.AddSingleton<OrderReads>();

        services.AddInventoryClients();
        services.AddBus();
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        auth.EnsureUsable(builder.Environment);
        services.AddBearerAuthentication(auth);
        services.AddPlaceOrderRateLimit();
        services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecurityTransformer>());
        services.AddHealthChecks()
            .AddCheck<OrderingDatabaseCheck>("postgres", tags: [ReadyTag])
            .AddCheck<InventoryCheck>("inventory", tags: [ReadyTag]);

        return builder;
    }

    /// <summary>The middleware and the endpoints that are not the orders resource: OpenAPI, the API page, health.</summary>
    public static WebApplication UseOrdersApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapScalarApiReference(options => options.WithTitle("Orders API"));
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteHealthAsync,
        });
        app.MapOrdersMetrics();
        return app;
    }

    private static void AddInventoryClients(this IServiceCollection services)
    {
        services.AddOptions<InventoryOptions>().BindConfiguration(InventoryOptions.Section)
            .Validate(options => options.Deadline > TimeSpan.Zero, "Inventory:Deadline must be positive.")
            .ValidateOnStart();

        // UNAVAILABLE means the call was not processed (or is idempotent: ReserveStock is, by order id), so it may be
        // retried; anything else is an answer. Retries stay within the call's deadline.
        var retryOnUnavailable = new ServiceConfig
        {
            MethodConfigs =
            {
                new MethodConfig
                {
                    Names = { MethodName.Default },
                    RetryPolicy = new RetryPolicy
                    {
                        MaxAttempts = 4,
                        InitialBackoff = TimeSpan.FromMilliseconds(100),
                        MaxBackoff = TimeSpan.FromSeconds(1),
                        BackoffMultiplier = 2,
                        RetryableStatusCodes = { StatusCode.Unavailable },
                    },
                },
            },
        };
        services.AddGrpcClient<InventoryClient>((provider, options) => options.Address = InventoryAddress(provider))
            .ConfigureChannel(channel =>
            {
                channel.ServiceConfig = retryOnUnavailable;

                // Orders flow again within seconds of Inventory's return, not after a back-off of up to 2 minutes.
                channel.MaxReconnectBackoff = TimeSpan.FromSeconds(5);
            })
            .ConfigurePrimaryHttpMessageHandler(InventoryHandler);
        services.AddGrpcClient<HealthClient>((provider, options) => options.Address = InventoryAddress(provider))
            .ConfigurePrimaryHttpMessageHandler(InventoryHandler);
        services.AddScoped<StockReservations>();
        services.AddSingleton<ReleaseRetries>();
        services.AddHostedService(provider => provider.GetRequiredService<ReleaseRetries>());
    }

    private static Uri InventoryAddress(IServiceProvider provider) => provider.GetRequiredService<IOptions<InventoryOptions>>().Value.Address;

    private static SocketsHttpHandler InventoryHandler(IServiceProvider provider) =>
        CertificateAuthorityTrust.CreateHandler(provider.GetRequiredService<IOptions<InventoryOptions>>().Value.CertificateAuthority);

    private static void AddBus(this IServiceCollection services)
    {
        services.AddOrdersBroker();
        services.AddMassTransit(bus =>
        {
            // OrderSubmitted is published from the HTTP request into the order's own transaction.
            bus.AddPostgresOutbox<OrderingDbContext>(outbox => outbox.UseBusOutbox());
            // To the saga's exchange, not its queue: the Api's RabbitMQ user may send there but not bind or read the
            // saga's queue (docs/security.md). The answer comes back to this instance's own bus queue.
            bus.AddRequestClient<CancelOrderRequest>(new Uri($"exchange:{Endpoints.OrderSaga}"));
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.UseOrdersBroker(context);
                rabbit.OverrideDefaultBusEndpointQueueName($"orders-api-bus-{NewId.NextGuid():N}");
                rabbit.ConfigureEndpoints(context);
            });
        });
    }

    private static void AddBearerAuthentication(this IServiceCollection services, AuthOptions auth)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            // Keep the token's claim names: the customer is "sub", not a mapped .NET claim type.
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = auth.Issuer,
                ValidAudience = auth.Audience,
                IssuerSigningKey = auth.Key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireExpirationTime = true,
                ClockSkew = auth.ClockSkew,
                NameClaimType = JwtRegisteredClaimNames.Sub,
            };
            jwt.Events = new JwtBearerEvents { OnChallenge = WriteUnauthorizedAsync, OnMessageReceived = OpsRole.ReadCookie };
        });
        var authorization = services.AddAuthorizationBuilder();
        OpsRole.AddPolicy(authorization);
        authorization.SetDefaultPolicy(
            new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { Length: > 0 and <= AuthOptions.MaxCustomerIdLength })
                .Build());
    }

    private static async Task WriteUnauthorizedAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Type = ProblemTypes.Unauthorized,
                Detail = context.AuthenticateFailure is null
                    ? "A bearer token is required: Authorization: Bearer <JWT>."
                    : "The bearer token is invalid or expired.",
            },
        });
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(entry => entry.Key, entry => new
            {
                status = entry.Value.Status.ToString(),
                description = entry.Value.Description,
            }),
        };
        return JsonSerializer.SerializeAsync(
            context.Response.Body, body, context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions,
            context.RequestAborted);
    }
}
