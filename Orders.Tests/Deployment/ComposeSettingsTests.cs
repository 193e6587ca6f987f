using System.Text.RegularExpressions;
using Npgsql;
using static Orders.Tests.Deployment.ComposeSystem;

namespace Orders.Tests.Deployment;

/// <summary>The environment compose gives each service: settings the service reads, pointing at compose's own services.</summary>
public sealed partial class ComposeSettingsTests
{
    private const int ManagementPort = 15672;

    [Test]
    public void Every_environment_variable_compose_sets_is_a_setting_its_service_reads()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, service, project) in BuiltServices())
            {
                foreach (var variable in service.Environment.Keys)
                {
                    Assert.That(project.Reads(variable), Is.True,
                        $"{name} sets {variable}, but {project.AssemblyName} reads no {ServiceProject.KeyOf(variable)} (appsettings*.json, option classes, host settings)");
                }
            }
        }
    }

    [Test]
    public void Every_development_address_in_a_service_settings_is_replaced_by_compose()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, service, project) in BuiltServices())
            {
                var set = service.Environment.Keys.Select(ServiceProject.KeyOf).ToHashSet(StringComparer.OrdinalIgnoreCase);
                foreach (var (key, value) in project.Defaults.Where(setting => PointsAtThisMachine(setting.Value)))
                {
                    Assert.That(set, Does.Contain(key), $"{name}: {project.Folder}/appsettings.json's {key} = {value} means nothing inside a container");
                }
            }
        }
    }

    [Test]
    public void Connection_strings_and_addresses_name_compose_services_their_ports_and_credentials()
    {
        var postgres = Compose.Service("postgres").Environment;
        var checkedSettings = 0;
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, service, project) in BuiltServices())
            {
                foreach (var (variable, value) in service.Environment)
                {
                    var development = project.Defaults.GetValueOrDefault(ServiceProject.KeyOf(variable)) ?? string.Empty;
                    var what = $"{name}: {variable} = {value}";
                    if (development.Contains("Host=", StringComparison.Ordinal))
                    {
                        var database = new NpgsqlConnectionStringBuilder(value);
                        Assert.That(database.Host, Is.EqualTo("postgres"), what);
                        Assert.That(database.Port, Is.EqualTo(ContainerPorts("postgres").Single()), what);
                        Assert.That((database.Database, database.Password), Is.EqualTo(
                            (postgres["POSTGRES_DB"], postgres["POSTGRES_PASSWORD"])), $"{what}: the database compose creates");
                        Assert.That(database.Username, Is.EqualTo(new NpgsqlConnectionStringBuilder(development).Username),
                            $"{what}: the same role as in development (the service's own, or the migrator's)");
                        Assert.That(RolesComposeCreates(), Does.Contain(database.Username), $"{what}: a role compose creates");
                        Assert.That(StartsAfter(name, "postgres"), Is.True, $"{what}: {name} starts after postgres");
                    }
                    else if (development.StartsWith("amqp://", StringComparison.Ordinal))
                    {
                        var broker = new Uri(value);
                        Assert.That(broker.Host, Is.EqualTo("rabbitmq"), what);
                        Assert.That(ContainerPorts("rabbitmq"), Does.Contain(broker.Port), what);
                        var developmentBroker = new Uri(development);
                        Assert.That((broker.UserInfo, broker.AbsolutePath), Is.EqualTo((developmentBroker.UserInfo, developmentBroker.AbsolutePath)),
                            $"{what}: the same user and virtual host as in development");
                        Assert.That(BrokerUsersComposeCreates(), Does.Contain((broker.UserInfo, broker.AbsolutePath.TrimStart('/'))),
                            $"{what}: a user of the definitions compose loads, with permissions on that virtual host");
                        Assert.That(StartsAfter(name, "rabbitmq"), Is.True, $"{what}: {name} starts after rabbitmq");
                    }
                    else if (development.StartsWith("http://", StringComparison.Ordinal) && new Uri(development).Port == ManagementPort)
                    {
                        // RabbitMQ's management API: the image's own port, not a service of ours with Urls.
                        var management = new Uri(value);
                        Assert.That(management.Host, Is.EqualTo("rabbitmq"), what);
                        Assert.That(ContainerPorts("rabbitmq"), Does.Contain(management.Port), what);
                        Assert.That(StartsAfter(name, "rabbitmq"), Is.True, $"{what}: {name} starts after rabbitmq");
                    }
                    else if (variable is not ("Urls" or "Operations__Urls") && Uri.TryCreate(development, UriKind.Absolute, out var address) && address.Scheme == Uri.UriSchemeHttp)
                    {
                        var target = new Uri(value);
                        Assert.That(Compose.Services.Keys, Does.Contain(target.Host), $"{what}: a compose service");
                        Assert.That(target.Port, Is.EqualTo(PortOf(Compose.Service(target.Host).Environment["Urls"])), $"{what}: the port {target.Host} listens on");
                        Assert.That(Compose.Service(name).DependsOn.GetValueOrDefault(target.Host)?.Condition, Is.EqualTo("service_healthy"),
                            $"{what}: {name} waits until {target.Host} is ready");
                    }
                    else
                    {
                        continue;
                    }

                    checkedSettings++;
                }
            }
        }

        Assert.That(checkedSettings, Is.EqualTo(10), "4 databases, 3 broker users, 2 Inventory addresses, 1 management API");
    }

    /// <summary>POSTGRES_USER, and the service roles of the SQL that compose mounts into the image's init folder.</summary>
    private static List<string> RolesComposeCreates()
    {
        var postgres = Compose.Service("postgres");
        var initScripts = postgres.Volumes
            .Select(volume => volume.Split(':'))
            .Where(parts => parts.Length >= 2 && parts[1].StartsWith("/docker-entrypoint-initdb.d/", StringComparison.Ordinal))
            .Select(parts => SourceTree.Read(parts[0].TrimStart('.', '/').Split('/')));
        var roles = initScripts.SelectMany(sql => CreatedRole().Matches(sql).Select(match => match.Groups["role"].Value));
        return [postgres.Environment["POSTGRES_USER"], .. roles];
    }

    /// <summary>user:password and virtual host of each permission in the definitions file that compose mounts into RabbitMQ.</summary>
    private static List<(string UserInfo, string VirtualHost)> BrokerUsersComposeCreates()
    {
        var mounted = Compose.Service("rabbitmq").Volumes.Select(volume => volume.Split(':'))
            .Single(parts => parts[1] == "/etc/rabbitmq/definitions.json")[0];
        using var definitions = System.Text.Json.JsonDocument.Parse(SourceTree.Read(mounted.TrimStart('.', '/').Split('/')));
        var passwords = definitions.RootElement.GetProperty("users").EnumerateArray()
            .ToDictionary(user => user.GetProperty("name").GetString()!, user => user.GetProperty("password").GetString()!);
        return [.. definitions.RootElement.GetProperty("permissions").EnumerateArray().Select(permission =>
            ($"{permission.GetProperty("user").GetString()}:{passwords[permission.GetProperty("user").GetString()!]}", permission.GetProperty("vhost").GetString()!))];
    }

    private static bool PointsAtThisMachine(string value) =>
        value.Contains("localhost", StringComparison.OrdinalIgnoreCase) || value.Contains("127.0.0.1", StringComparison.Ordinal);

    private static List<int> ContainerPorts(string service) => Compose.Service(service).Ports.Select(mapping => Published(mapping).Container).ToList();

    [GeneratedRegex(@"\('(?<role>orders_[a-z]+)'\)")]
    private static partial Regex CreatedRole();
}
