using Microsoft.EntityFrameworkCore;
using Orders.Messaging;

namespace Orders.Benchmarks.Messaging;

public sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
{
    public DbSet<Chain> Chains => Set<Chain>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("bench");
        modelBuilder.AddPostgresMessaging();
        modelBuilder.Entity<Chain>(chain =>
        {
            chain.ToTable("chains");
            chain.HasKey(x => x.Id);
            chain.Property<uint>("Version").IsRowVersion();
        });
    }
}

/// <summary>The state one hop changes: like a saga instance, read, updated and saved with each message.</summary>
public sealed class Chain
{
    public Guid Id { get; set; }

    public int Hops { get; set; }
}

public sealed record Hop(Guid ChainId, int Remaining, DateTime WrittenAt);
