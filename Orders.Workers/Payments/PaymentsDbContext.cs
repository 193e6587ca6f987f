using Microsoft.EntityFrameworkCore;
using Orders.Messaging;

namespace Orders.Workers.Payments;

/// <summary>
/// The schema <c>payments</c>: at most one payment and one refund per order (their primary keys are the order id, so a
/// second charge or refund cannot even be stored), with the outbox and inbox of the payments endpoint.
/// </summary>
public sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : DbContext(options)
{
    public const string Schema = "payments";

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<Refund> Refunds => Set<Refund>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.AddPostgresMessaging();

        modelBuilder.Entity<Payment>(payment =>
        {
            payment.ToTable("payments", table =>
                table.HasCheckConstraint("ck_payments_status", "status IN ('Approved', 'Declined', 'Pending')"));
            payment.HasKey(x => x.OrderId).HasName("pk_payments");
            payment.Property(x => x.OrderId).HasColumnName("order_id").ValueGeneratedNever();
            payment.Property(x => x.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
            payment.Property(x => x.PaymentId).HasColumnName("payment_id").HasMaxLength(100);
            payment.Property(x => x.DeclineReason).HasColumnName("decline_reason").HasMaxLength(100);
            payment.Property(x => x.Amount).HasColumnName("amount").HasPrecision(12, 2);
            payment.Property(x => x.Currency).HasColumnName("currency").HasColumnType("char(3)");
            payment.Property(x => x.CreatedAt).HasColumnName("created_at");
            payment.HasIndex(x => x.PaymentId).IsUnique().HasDatabaseName("ux_payments_payment_id");
        });

        modelBuilder.Entity<Refund>(refund =>
        {
            refund.ToTable("refunds");
            refund.HasKey(x => x.OrderId).HasName("pk_refunds");
            refund.Property(x => x.OrderId).HasColumnName("order_id").ValueGeneratedNever();
            refund.Property(x => x.RefundId).HasColumnName("refund_id").HasMaxLength(100);
            refund.Property(x => x.PaymentId).HasColumnName("payment_id").HasMaxLength(100);
            refund.Property(x => x.Amount).HasColumnName("amount").HasPrecision(12, 2);
            refund.Property(x => x.Currency).HasColumnName("currency").HasColumnType("char(3)");
            refund.Property(x => x.RefundedAt).HasColumnName("refunded_at");
            refund.HasOne<Payment>().WithOne().HasForeignKey<Refund>(x => x.OrderId).OnDelete(DeleteBehavior.Restrict)
                .HasConstraintName("fk_refunds_payments_order_id");
        });
    }
}
