using Microsoft.EntityFrameworkCore;
using Orders.Messaging.Inbox;
using Orders.Messaging.Outbox;

namespace Orders.Messaging;

public static class MessagingModelBuilderExtensions
{
    /// <summary>
    /// Maps the outbox and inbox tables (<c>outbox_messages</c>, <c>inbox_messages</c>) into the model, in the
    /// model's default schema, so that they are created by the owning service's migrations.
    /// </summary>
    public static ModelBuilder AddPostgresMessaging(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(x => x.SequenceNumber);
            outbox.Property(x => x.SequenceNumber).HasColumnName("sequence_number").UseIdentityAlwaysColumn();
            outbox.Property(x => x.OutboxId).HasColumnName("outbox_id");
            outbox.Property(x => x.MessageId).HasColumnName("message_id");
            outbox.Property(x => x.EnqueueTime).HasColumnName("enqueue_time");
            outbox.Property(x => x.SchedulingTokenId).HasColumnName("scheduling_token_id");
            outbox.Property(x => x.LockedUntil).HasColumnName("locked_until");
            outbox.Property(x => x.SentTime).HasColumnName("sent_time");
            outbox.Property(x => x.Headers).HasColumnName("headers");
            outbox.Property(x => x.Properties).HasColumnName("properties");
            outbox.Property(x => x.ContentType).HasColumnName("content_type").HasMaxLength(256);
            outbox.Property(x => x.MessageType).HasColumnName("message_type");
            outbox.Property(x => x.Body).HasColumnName("body");
            outbox.Property(x => x.ConversationId).HasColumnName("conversation_id");
            outbox.Property(x => x.CorrelationId).HasColumnName("correlation_id");
            outbox.Property(x => x.InitiatorId).HasColumnName("initiator_id");
            outbox.Property(x => x.RequestId).HasColumnName("request_id");
            outbox.Property(x => x.SourceAddress).HasColumnName("source_address").HasMaxLength(256);
            outbox.Property(x => x.DestinationAddress).HasColumnName("destination_address").HasMaxLength(256);
            outbox.Property(x => x.ResponseAddress).HasColumnName("response_address").HasMaxLength(256);
            outbox.Property(x => x.FaultAddress).HasColumnName("fault_address").HasMaxLength(256);
            outbox.Property(x => x.ExpirationTime).HasColumnName("expiration_time");

            // Delivery asks "what is the oldest pending row of this outbox?" and "what is due?".
            outbox.HasIndex(x => new { x.OutboxId, x.SequenceNumber }).HasDatabaseName("ix_outbox_messages_outbox_id_sequence_number");
            outbox.HasIndex(x => x.EnqueueTime).HasDatabaseName("ix_outbox_messages_enqueue_time").HasFilter("enqueue_time IS NOT NULL");
            outbox.HasIndex(x => x.SchedulingTokenId).HasDatabaseName("ix_outbox_messages_scheduling_token_id").HasFilter("scheduling_token_id IS NOT NULL");
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(x => new { x.MessageId, x.ConsumerId });
            inbox.Property(x => x.MessageId).HasColumnName("message_id");
            inbox.Property(x => x.ConsumerId).HasColumnName("consumer_id");
            inbox.Property(x => x.ReceivedAt).HasColumnName("received_at");
            inbox.HasIndex(x => x.ReceivedAt).HasDatabaseName("ix_inbox_messages_received_at");
        });

        return modelBuilder;
    }
}
