using Microsoft.EntityFrameworkCore;
using Orders.Messaging;

namespace Orders.Workers.Shipping;

/// <summary>The schema <c>shipping</c>: at most one shipment per order, with the outbox and inbox of the shipping endpoint.</summary>
public sealed class ShippingDbContext(DbContextOptions<ShippingDbContext> options) : DbContext(options)
{
    public const string Schema = "shipping";

    public DbSet<Shipment> Shipments => Set<Shipment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.AddPostgresMessaging();

        modelBuilder.Entity<Shipment>(shipment =>
        {
            shipment.ToTable("shipments");
            shipment.HasKey(x => x.OrderId).HasName("pk_shipments");
            shipment.Property(x => x.OrderId).HasColumnName("order_id").ValueGeneratedNever();
            shipment.Property(x => x.TrackingNumber).HasColumnName("tracking_number").HasMaxLength(100);
            shipment.Property(x => x.FailureReason).HasColumnName("failure_reason").HasMaxLength(200);
            shipment.Property(x => x.Country).HasColumnName("country").HasColumnType("char(2)");
            shipment.Property(x => x.CreatedAt).HasColumnName("created_at");
            shipment.HasIndex(x => x.TrackingNumber).IsUnique().HasDatabaseName("ux_shipments_tracking_number");
        });
    }
}
