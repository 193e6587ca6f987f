using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Orders.Tests.Deployment;

/// <summary>The parts of <c>compose.yaml</c> the tests hold against the services; anchors and merge keys resolved.</summary>
public sealed class ComposeFile
{
    public Dictionary<string, ComposeService> Services { get; init; } = [];

    public static ComposeFile Load(string path)
    {
        // First as plain data, which resolves every anchor (a typed read skips the x- blocks that declare them) and,
        // through MergingParser, applies "<<: *anchor" as docker compose does; then typed, from that resolved copy.
        using var reader = new StreamReader(path);
        var resolved = new DeserializerBuilder().Build().Deserialize(new MergingParser(new Parser(reader)));
        var plain = new SerializerBuilder().DisableAliases().Build().Serialize(resolved);
        return new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build()
            .Deserialize<ComposeFile>(plain);
    }

    public ComposeService Service(string name) =>
        Services.TryGetValue(name, out var service) ? service : throw new KeyNotFoundException($"compose.yaml has no service \"{name}\".");
}
