using Microsoft.EntityFrameworkCore;

namespace Orders.Messaging.Inbox;

/// <summary>Marks a consume context that writes into a PostgreSQL outbox, and gives its DbContext.</summary>
internal interface IPostgresOutboxContext
{
    DbContext DbContext { get; }
}
