using Microsoft.EntityFrameworkCore;

namespace Orders.Messaging.Tests.Support;

public static class Sagas
{
    public static async Task<TestSaga?> FindAsync(this TestDbContext db, Guid id) =>
        await db.Sagas.AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == id);
}
