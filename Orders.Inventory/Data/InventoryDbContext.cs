using Microsoft.EntityFrameworkCore;

namespace Orders.Inventory.Data;

public sealed class InventoryDbContext : DbContext
{
    public const string Schema = "inventory";

    /// <summary>
    /// Every change here runs in one explicit transaction that a failure rolls back whole, so EF Core's savepoint around
    /// each SaveChanges inside it (two round trips) would never be rolled back to.
    /// </summary>
    public InventoryDbContext(DbContextOptions<InventoryDbContext> options)
        : base(options) => Database.AutoSavepointsEnabled = false;

    public DbSet<Product> Products => Set<Product>();

    public DbSet<StockItem> Stock => Set<StockItem>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    public DbSet<ReservationLine> ReservationLines => Set<ReservationLine>();

    /// <summary>
    /// Locks the stock rows of <paramref name="skus"/> until the transaction ends. Every writer of stock (here and the
    /// statements in Reservations/) locks in SKU order, so two writers can wait for each other but never deadlock.
    /// </summary>
    public async Task<Dictionary<string, StockItem>> LockStockAsync(IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        var keys = skus.Distinct(StringComparer.Ordinal).ToArray();
        var rows = await Stock
            .FromSql($"SELECT * FROM inventory.stock WHERE sku = ANY({keys}) ORDER BY sku FOR UPDATE")
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(row => row.Sku, StringComparer.Ordinal);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<Product>(product =>
        {
            product.ToTable("products");
            product.HasKey(p => p.Sku).HasName("pk_products");
            product.Property(p => p.Sku).HasColumnName("sku").HasMaxLength(32);
            product.Property(p => p.Name).HasColumnName("name").HasMaxLength(200);
            product.Property(p => p.UnitPrice).HasColumnName("unit_price").HasPrecision(12, 2);
            product.Property(p => p.Currency).HasColumnName("currency").HasColumnType("char(3)");
        });

        modelBuilder.Entity<StockItem>(stock =>
        {
            stock.ToTable("stock", table =>
                table.HasCheckConstraint("ck_stock_reserved_within_on_hand", "reserved >= 0 AND reserved <= on_hand"));
            stock.HasKey(s => s.Sku).HasName("pk_stock");
            stock.Property(s => s.Sku).HasColumnName("sku").HasMaxLength(32);
            stock.Property(s => s.OnHand).HasColumnName("on_hand");
            stock.Property(s => s.Reserved).HasColumnName("reserved");
            stock.Ignore(s => s.Available);
            stock.HasOne(s => s.Product).WithOne().HasForeignKey<StockItem>(s => s.Sku).OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_stock_products_sku");
        });

        modelBuilder.Entity<Reservation>(reservation =>
        {
            reservation.ToTable("reservations", table =>
                table.HasCheckConstraint("ck_reservations_status", "status IN ('Reserved', 'Committed', 'Released')"));
            reservation.HasKey(r => r.OrderId).HasName("pk_reservations");
            reservation.Property(r => r.OrderId).HasColumnName("order_id").ValueGeneratedNever();
            reservation.Property(r => r.State).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
            reservation.Property(r => r.Currency).HasColumnName("currency").HasColumnType("char(3)");
            reservation.Property(r => r.CreatedAt).HasColumnName("created_at");
            reservation.Property(r => r.ExpiresAt).HasColumnName("expires_at");
            reservation.Property(r => r.UpdatedAt).HasColumnName("updated_at");
            reservation.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.OrderId).HasConstraintName("fk_reservation_lines_reservations_order_id");

            // The sweeper's question: which reservations are still held past their expiry?
            reservation.HasIndex(r => new { r.State, r.ExpiresAt }).HasDatabaseName("ix_reservations_status_expires_at");
        });

        modelBuilder.Entity<ReservationLine>(line =>
        {
            line.ToTable("reservation_lines", table =>
                table.HasCheckConstraint("ck_reservation_lines_quantity_positive", "quantity > 0"));
            line.HasKey(l => new { l.OrderId, l.Sku }).HasName("pk_reservation_lines");
            line.Property(l => l.OrderId).HasColumnName("order_id");
            line.Property(l => l.Sku).HasColumnName("sku").HasMaxLength(32);
            line.Property(l => l.Quantity).HasColumnName("quantity");
            line.Property(l => l.UnitPrice).HasColumnName("unit_price").HasPrecision(12, 2);
            line.HasOne<Product>().WithMany().HasForeignKey(l => l.Sku).OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_reservation_lines_products_sku");
            line.HasIndex(l => l.Sku).HasDatabaseName("ix_reservation_lines_sku");
        });
    }
}
