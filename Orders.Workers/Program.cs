using Orders.Workers;

var builder = WebApplication.CreateBuilder(args);
builder.AddWorkers();

var app = builder.Build();
app.MapWorkers();
app.Run();
