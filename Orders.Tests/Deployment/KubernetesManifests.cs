using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Orders.Tests.Deployment;

/// <summary>
/// The objects of <c>deploy/kubernetes/*.yaml</c>, the parts the tests hold against the services: each document read
/// first as plain data for its kind, then typed.
/// </summary>
public sealed class KubernetesManifests
{
    private static readonly IDeserializer Plain = new DeserializerBuilder().Build();
    private static readonly ISerializer Serializer = new SerializerBuilder().Build();
    private static readonly IDeserializer Typed = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    private static readonly Lazy<KubernetesManifests> LazyAll = new(() => Load(SourceTree.PathOf("deploy", "kubernetes")));

    public static KubernetesManifests All => LazyAll.Value;

    public List<KubeWorkload> Deployments { get; } = [];

    public List<KubeWorkload> Jobs { get; } = [];

    public List<KubeService> Services { get; } = [];

    public List<KubeDisruptionBudget> DisruptionBudgets { get; } = [];

    public List<KubeConfigMap> ConfigMaps { get; } = [];

    /// <summary>The example Secret: its keys are the ones the Deployments may reference.</summary>
    public List<KubeConfigMap> Secrets { get; } = [];

    public KubeWorkload Deployment(string name) => Deployments.SingleOrDefault(deployment => deployment.Metadata.Name == name)
        ?? throw new KeyNotFoundException($"deploy/kubernetes has no Deployment \"{name}\".");

    public static KubernetesManifests Load(string folder)
    {
        var manifests = new KubernetesManifests();
        foreach (var file in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(file);
            var parser = new Parser(reader);
            parser.Consume<StreamStart>();
            while (parser.Accept<DocumentStart>(out _))
            {
                if (Plain.Deserialize<Dictionary<string, object>>(parser) is { } document)
                {
                    manifests.Add(document, Path.GetFileName(file));
                }
            }
        }

        return manifests;
    }

    private void Add(Dictionary<string, object> document, string file)
    {
        var text = Serializer.Serialize(document);
        switch (document.GetValueOrDefault("kind") as string)
        {
            case "Deployment": Deployments.Add(Typed.Deserialize<KubeWorkload>(text)); break;
            case "Job": Jobs.Add(Typed.Deserialize<KubeWorkload>(text)); break;
            case "Service": Services.Add(Typed.Deserialize<KubeService>(text)); break;
            case "PodDisruptionBudget": DisruptionBudgets.Add(Typed.Deserialize<KubeDisruptionBudget>(text)); break;
            case "ConfigMap": ConfigMaps.Add(Typed.Deserialize<KubeConfigMap>(text)); break;
            case "Secret": Secrets.Add(Typed.Deserialize<KubeConfigMap>(text)); break;
            case var kind: throw new InvalidOperationException($"{file}: a {kind} is not something these tests know; teach KubernetesManifests.");
        }
    }

    public sealed class KubeMetadata
    {
        public string Name { get; init; } = "";

        public Dictionary<string, string> Labels { get; init; } = [];
    }

    public sealed class KubeWorkload
    {
        public KubeMetadata Metadata { get; init; } = new();

        public KubeWorkloadSpec Spec { get; init; } = new();

        public KubeContainer Container => Spec.Template.Spec.Containers.Single();
    }

    public sealed class KubeWorkloadSpec
    {
        public int? Replicas { get; init; }

        public KubeLabelSelector Selector { get; init; } = new();

        public KubePodTemplate Template { get; init; } = new();
    }

    public sealed class KubeLabelSelector
    {
        public Dictionary<string, string> MatchLabels { get; init; } = [];
    }

    public sealed class KubePodTemplate
    {
        public KubeMetadata Metadata { get; init; } = new();

        public KubePodSpec Spec { get; init; } = new();
    }

    public sealed class KubePodSpec
    {
        public List<KubeContainer> Containers { get; init; } = [];
    }

    public sealed class KubeContainer
    {
        public string Name { get; init; } = "";

        public string Image { get; init; } = "";

        public List<KubeContainerPort> Ports { get; init; } = [];

        public List<KubeEnvFrom> EnvFrom { get; init; } = [];

        public List<KubeEnvVar> Env { get; init; } = [];

        public KubeProbe? ReadinessProbe { get; init; }

        public KubeProbe? LivenessProbe { get; init; }

        public KubeProbe? StartupProbe { get; init; }

        public KubeResources Resources { get; init; } = new();

        /// <summary>The container port a probe or Service names, by name or by number.</summary>
        public int? PortOf(string port) =>
            int.TryParse(port, out var number) ? Ports.Any(p => p.ContainerPort == number) ? number : null
                : Ports.SingleOrDefault(p => p.Name == port)?.ContainerPort;
    }

    public sealed class KubeContainerPort
    {
        public string? Name { get; init; }

        public int ContainerPort { get; init; }
    }

    public sealed class KubeEnvFrom
    {
        public KubeNameReference? ConfigMapRef { get; init; }

        public KubeNameReference? SecretRef { get; init; }
    }

    public sealed class KubeNameReference
    {
        public string Name { get; init; } = "";
    }

    public sealed class KubeEnvVar
    {
        public string Name { get; init; } = "";

        public string? Value { get; init; }

        public KubeEnvSource? ValueFrom { get; init; }
    }

    public sealed class KubeEnvSource
    {
        public KubeKeyReference? ConfigMapKeyRef { get; init; }

        public KubeKeyReference? SecretKeyRef { get; init; }
    }

    public sealed class KubeKeyReference
    {
        public string Name { get; init; } = "";

        public string Key { get; init; } = "";
    }

    public sealed class KubeProbe
    {
        public KubeHttpGet? HttpGet { get; init; }

        public KubeGrpcAction? Grpc { get; init; }

        public KubeTcpSocket? TcpSocket { get; init; }
    }

    public sealed class KubeHttpGet
    {
        public string Path { get; init; } = "";

        public string Port { get; init; } = "";
    }

    public sealed class KubeGrpcAction
    {
        public int Port { get; init; }

        public string? Service { get; init; }
    }

    public sealed class KubeTcpSocket
    {
        public string Port { get; init; } = "";
    }

    public sealed class KubeResources
    {
        public Dictionary<string, string> Requests { get; init; } = [];

        public Dictionary<string, string> Limits { get; init; } = [];
    }

    public sealed class KubeService
    {
        public KubeMetadata Metadata { get; init; } = new();

        public KubeServiceSpec Spec { get; init; } = new();
    }

    public sealed class KubeServiceSpec
    {
        public Dictionary<string, string> Selector { get; init; } = [];

        public List<KubeServicePort> Ports { get; init; } = [];
    }

    public sealed class KubeServicePort
    {
        public string? Name { get; init; }

        public int Port { get; init; }

        public string TargetPort { get; init; } = "";
    }

    public sealed class KubeDisruptionBudget
    {
        public KubeMetadata Metadata { get; init; } = new();

        public KubeDisruptionBudgetSpec Spec { get; init; } = new();
    }

    public sealed class KubeDisruptionBudgetSpec
    {
        public string? MinAvailable { get; init; }

        public string? MaxUnavailable { get; init; }

        public KubeLabelSelector Selector { get; init; } = new();
    }

    public sealed class KubeConfigMap
    {
        public KubeMetadata Metadata { get; init; } = new();

        public Dictionary<string, string> Data { get; init; } = [];

        public Dictionary<string, string> StringData { get; init; } = [];
    }
}
