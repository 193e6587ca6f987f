using MassTransit;
using MassTransit.Configuration;

namespace Orders.Messaging.Scheduling;

internal sealed class PostgresMessageSchedulerSpecification : IPipeSpecification<ConsumeContext>
{
    public void Apply(IPipeBuilder<ConsumeContext> builder) => builder.AddFilter(new PostgresMessageSchedulerFilter());

    public IEnumerable<ValidationResult> Validate() => [];
}
