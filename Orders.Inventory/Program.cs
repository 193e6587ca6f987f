using Orders.Inventory;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // appsettings*.json beside the binary (they make Kestrel HTTP/2-only), whatever the working directory.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddInventory();

var app = builder.Build();
app.MapInventory();
app.Run();
