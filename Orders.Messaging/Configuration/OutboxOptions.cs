using Microsoft.EntityFrameworkCore;

namespace Orders.Messaging;

/// <summary>The options of one DbContext's outbox, so that several DbContexts in one host keep their own.</summary>
internal sealed record OutboxOptions<TDbContext>(PostgresOutboxOptions Value)
    where TDbContext : DbContext;
