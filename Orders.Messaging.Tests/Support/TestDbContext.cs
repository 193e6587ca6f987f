using Microsoft.EntityFrameworkCore;

namespace Orders.Messaging.Tests.Support;

public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public const string Schema = "messaging_tests";

    public DbSet<TestSaga> Sagas => Set<TestSaga>();

    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.AddPostgresMessaging();
        modelBuilder.Entity<TestSaga>(saga =>
        {
            saga.ToTable("test_sagas");
            saga.IsSagaInstance();
            saga.Property(x => x.CurrentState).HasMaxLength(64);
        });
        modelBuilder.Entity<Note>(note =>
        {
            note.ToTable("notes");
            note.HasKey(x => x.Id);
        });
    }
}
