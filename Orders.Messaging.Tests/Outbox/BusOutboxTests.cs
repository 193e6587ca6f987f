using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Messaging.Outbox;
using Orders.Messaging.Tests.Support;
using Orders.Testing;

namespace Orders.Messaging.Tests.Outbox;

/// <summary>Publishing outside a consumer (as a web request does) goes through the DbContext's transaction.</summary>
public sealed class BusOutboxTests : MessagingFixture
{
    [Test]
    public async Task A_committed_publish_is_delivered_exactly_once_with_its_business_row()
    {
        var host = await StartHostAsync();
        var id = Guid.NewGuid();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            var publish = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Notes.Add(new Note { Id = id, Text = "committed" });
            await publish.Publish(new Ping(id));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        var arrived = await Eventually.Holds(() => Observations.Pongs(id) == 1);
        Assert.That(arrived, Is.True, "the consumer's Pong (proof the Ping was consumed) arrives");
        Assert.That(await Eventually.Holds(async () => await PendingOutboxRowsAsync() == 0), Is.True, "delivered rows are removed");
        Assert.Multiple(() =>
        {
            Assert.That(Observations.Pings(id), Is.EqualTo(1));
            Assert.That(Observations.Pongs(id), Is.EqualTo(1));
        });
        await using var check = OpenDb();
        Assert.That(await check.Notes.AnyAsync(x => x.Id == id), Is.True);
    }

    [Test]
    public async Task Headers_and_identifiers_survive_the_database_hop()
    {
        var host = await StartHostAsync();
        var id = Guid.NewGuid();
        var correlationId = Guid.NewGuid();
        var conversationId = Guid.NewGuid();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(new Ping(id), context =>
            {
                context.CorrelationId = correlationId;
                context.ConversationId = conversationId;
                context.Headers.Set("X-Tenant", "acme");
            });
            await db.SaveChangesAsync();
        }

        Assert.That(await Eventually.Holds(() => Observations.PingEnvelopeOf(id) is not null), Is.True);
        Assert.That(Observations.PingEnvelopeOf(id), Is.EqualTo(new ReceivedEnvelope("acme", correlationId, conversationId)));
    }

    [Test]
    public async Task A_rolled_back_publish_sends_nothing()
    {
        var host = await StartHostAsync();
        var rolledBack = Guid.NewGuid();
        var committed = Guid.NewGuid();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            var publish = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Notes.Add(new Note { Id = rolledBack, Text = "rolled back" });
            await publish.Publish(new Ping(rolledBack));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        // A later message through the same path shows delivery works; the rolled-back one was never stored at all.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(new Ping(committed));
            await db.SaveChangesAsync();
        }

        Assert.That(await Eventually.Holds(() => Observations.Pongs(committed) == 1), Is.True);
        await using var check = OpenDb();
        Assert.Multiple(async () =>
        {
            Assert.That(Observations.Pings(rolledBack), Is.Zero);
            Assert.That(await check.Notes.AnyAsync(x => x.Id == rolledBack), Is.False);
            Assert.That(await check.Set<OutboxMessage>().CountAsync(x => x.Body.Contains(rolledBack.ToString())), Is.Zero, "nothing of the rolled-back transaction is left to deliver");
        });
    }
}
