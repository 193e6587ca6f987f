using Orders.Api;
using Orders.Api.Auth;
using Orders.Api.Ops;

// `dotnet run --project Orders.Api -- token <customer-id> [--role ops]` prints a development token and exits.
if (args is ["token", ..])
{
    return DevelopmentToken.Print(args[1..]);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // appsettings*.json beside the binary, whatever the working directory of `dotnet Orders.Api.dll`.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddOrdersApi();

var app = builder.Build();
app.UseOrdersApi();
app.MapOrdersApi();
app.MapOps();
app.Run();
return 0;
