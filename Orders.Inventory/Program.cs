using Orders.Inventory;

var builder = WebApplication.CreateBuilder(args);
builder.AddInventory();

var app = builder.Build();
app.MapInventory();
app.Run();
