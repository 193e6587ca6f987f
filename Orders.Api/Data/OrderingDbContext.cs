using Microsoft.EntityFrameworkCore;
using Orders.Api.Auth;
using Orders.Messaging;

namespace Orders.Api.Data;

/// <summary>
/// The schema <c>ordering</c>: orders with their lines as accepted, idempotency keys, and the outbox of the API's
/// messages (an order and its <c>OrderSubmitted</c> commit together), and the operations console's audit log.
/// </summary>
public sealed class OrderingDbContext : DbContext
{
    public const string Schema = "ordering";

    /// <summary>
    /// Every change here runs in one explicit transaction that a failure rolls back whole, so EF Core's savepoint around
    /// each SaveChanges inside it (two round trips) would never be rolled back to.
    /// </summary>
    public OrderingDbContext(DbContextOptions<OrderingDbContext> options)
        : base(options) => Database.AutoSavepointsEnabled = false;

    public const string IdempotencyKeyConstraint = "pk_idempotency_keys";

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderItem> OrderItems => Set<OrderItem>();

    public DbSet<IdempotencyKey> IdempotencyKeys => Set<IdempotencyKey>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.AddPostgresMessaging();

        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("orders", table =>
            {
                // An address is whole or absent (orders stored before the API kept it): never half an address.
                table.HasCheckConstraint(
                    "ck_orders_shipping_address_whole",
                    "num_nulls(shipping_name, shipping_line1, shipping_city, shipping_postal_code, shipping_country) IN (0, 5)");
            });
            order.HasKey(o => o.Id).HasName("pk_orders");
            order.Property(o => o.Id).HasColumnName("id").ValueGeneratedNever();
            order.Property(o => o.Position).HasColumnName("position").UseIdentityAlwaysColumn();
            order.Property(o => o.CustomerId).HasColumnName("customer_id").HasMaxLength(AuthOptions.MaxCustomerIdLength);
            order.Property(o => o.Total).HasColumnName("total").HasPrecision(14, 2);
            order.Property(o => o.Currency).HasColumnName("currency").HasColumnType("char(3)");
            order.ComplexProperty(o => o.ShippingAddress, address =>
            {
                address.Property(a => a.Name).HasColumnName("shipping_name").HasMaxLength(ShippingAddress.MaxTextLength);
                address.Property(a => a.Line1).HasColumnName("shipping_line1").HasMaxLength(ShippingAddress.MaxTextLength);
                address.Property(a => a.City).HasColumnName("shipping_city").HasMaxLength(ShippingAddress.MaxTextLength);
                address.Property(a => a.PostalCode).HasColumnName("shipping_postal_code").HasMaxLength(ShippingAddress.MaxTextLength);
                address.Property(a => a.Country).HasColumnName("shipping_country").HasColumnType("char(2)");
            });
            order.Property(o => o.CreatedAt).HasColumnName("created_at");
            order.Property(o => o.TraceId).HasColumnName("trace_id").HasColumnType("char(32)");
            order.HasMany(o => o.Items).WithOne().HasForeignKey(i => i.OrderId).HasConstraintName("fk_order_items_orders_order_id");

            // A customer's orders, newest first: the list endpoint's keyset.
            order.HasIndex(o => new { o.CustomerId, o.Position }).HasDatabaseName("ix_orders_customer_id_position").IsDescending(false, true);
        });

        modelBuilder.Entity<OrderItem>(item =>
        {
            item.ToTable("order_items", table =>
            {
                table.HasCheckConstraint("ck_order_items_quantity", "quantity BETWEEN 1 AND 1000");
            });
            item.HasKey(i => new { i.OrderId, i.LineNumber }).HasName("pk_order_items");
            item.Property(i => i.OrderId).HasColumnName("order_id");
            item.Property(i => i.LineNumber).HasColumnName("line_number");
            item.Property(i => i.Sku).HasColumnName("sku").HasMaxLength(32);
            item.Property(i => i.Quantity).HasColumnName("quantity");
            item.Property(i => i.UnitPrice).HasColumnName("unit_price").HasPrecision(12, 2);
            item.HasIndex(i => new { i.OrderId, i.Sku }).HasDatabaseName("ux_order_items_order_id_sku").IsUnique();
        });


        modelBuilder.Entity<IdempotencyKey>(key =>
        {
            key.ToTable("idempotency_keys");
            key.HasKey(k => new { k.CustomerId, k.Key }).HasName(IdempotencyKeyConstraint);
            key.Property(k => k.CustomerId).HasColumnName("customer_id").HasMaxLength(AuthOptions.MaxCustomerIdLength);
            key.Property(k => k.Key).HasColumnName("key").HasMaxLength(64);
            key.Property(k => k.RequestFingerprint).HasColumnName("request_fingerprint");
            key.Property(k => k.OrderId).HasColumnName("order_id");
            key.Property(k => k.CreatedAt).HasColumnName("created_at");
            key.HasOne<Order>().WithMany().HasForeignKey(k => k.OrderId).HasConstraintName("fk_idempotency_keys_orders_order_id");
            key.HasIndex(k => k.OrderId).HasDatabaseName("ix_idempotency_keys_order_id");
        });

        modelBuilder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("audit_log");
            entry.HasKey(e => e.Id).HasName("pk_audit_log");
            entry.Property(e => e.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            entry.Property(e => e.At).HasColumnName("at");
            entry.Property(e => e.Actor).HasColumnName("actor").HasMaxLength(AuthOptions.MaxCustomerIdLength);
            entry.Property(e => e.Action).HasColumnName("action").HasMaxLength(32);
            entry.Property(e => e.Target).HasColumnName("target").HasMaxLength(300);
            entry.Property(e => e.Reason).HasColumnName("reason").HasMaxLength(AuditEntry.MaxReasonLength);
            entry.Property(e => e.Outcome).HasColumnName("outcome").HasMaxLength(300);
            entry.HasIndex(e => e.At).HasDatabaseName("ix_audit_log_at");
        });
    }
}
