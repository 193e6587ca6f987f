using MassTransit;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orders.Messaging;

public static class SagaEntityTypeBuilderExtensions
{
    /// <summary>
    /// Maps a saga instance with PostgreSQL's <c>xmin</c> system column as its concurrency token: an update made from a
    /// stale read fails instead of overwriting the other writer's change, and the message is retried.
    /// </summary>
    public static EntityTypeBuilder<TSaga> IsSagaInstance<TSaga>(this EntityTypeBuilder<TSaga> builder)
        where TSaga : class, ISaga
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasKey(x => x.CorrelationId);
        builder.Property(x => x.CorrelationId).ValueGeneratedNever();
        builder.Property<uint>("Version").IsRowVersion();
        return builder;
    }
}
