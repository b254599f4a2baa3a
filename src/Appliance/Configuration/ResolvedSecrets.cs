namespace Appliance.Configuration;

/// <summary>
/// Secret values read from the environment or files at load time. Kept apart from the
/// configuration model so that dumping or logging the model can never reveal them.
/// </summary>
public sealed class ResolvedSecrets
{
    public string? AdminToken { get; private init; }

    /// <summary>Digest passwords by trunk name.</summary>
    public IReadOnlyDictionary<string, string> TrunkPasswords { get; private init; } = new Dictionary<string, string>();

    /// <summary>Realtime providers' API keys by agent name.</summary>
    public IReadOnlyDictionary<string, string> AgentApiKeys { get; private init; } = new Dictionary<string, string>();

    /// <summary>Bearer tokens by brain name.</summary>
    public IReadOnlyDictionary<string, string> BrainTokens { get; private init; } = new Dictionary<string, string>();

    /// <summary>Request-signing keys by brain name.</summary>
    public IReadOnlyDictionary<string, string> BrainSigningSecrets { get; private init; } = new Dictionary<string, string>();

    internal static ResolvedSecrets Resolve(ApplianceConfig config, List<ConfigError> errors)
    {
        var trunkPasswords = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, trunk) in config.Trunks)
        {
            if (trunk.Password.IsSet && Read(trunk.Password, $"trunks:{name}:password", errors) is { } password)
            {
                trunkPasswords[name] = password;
            }
        }
        var apiKeys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, agent) in config.Agents)
        {
            if (agent.Type.Equals("realtime", StringComparison.OrdinalIgnoreCase) && agent.Realtime.ApiKey.IsSet
                && Read(agent.Realtime.ApiKey, $"agents:{name}:realtime:apiKey", errors) is { } key)
            {
                apiKeys[name] = key;
            }
        }
        var brainTokens = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var brainSecrets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, brain) in config.Brains)
        {
            if (brain.Token.IsSet && Read(brain.Token, $"brains:{name}:token", errors) is { } token)
            {
                brainTokens[name] = token;
            }
            if (brain.SigningSecret.IsSet && Read(brain.SigningSecret, $"brains:{name}:signingSecret", errors) is { } secret)
            {
                brainSecrets[name] = secret;
            }
        }
        return new ResolvedSecrets
        {
            AdminToken = Read(config.Admin.Token, "admin:token", errors),
            TrunkPasswords = trunkPasswords,
            AgentApiKeys = apiKeys,
            BrainTokens = brainTokens,
            BrainSigningSecrets = brainSecrets,
        };
    }

    private static string? Read(SecretConfig secret, string path, List<ConfigError> errors)
    {
        if (secret.File is { } file)
        {
            // systemd LoadCredential= puts secrets in $CREDENTIALS_DIRECTORY; a relative name is looked up there.
            var credentials = Environment.GetEnvironmentVariable("CREDENTIALS_DIRECTORY");
            var full = !Path.IsPathRooted(file) && credentials is not null ? Path.Combine(credentials, file) : file;
            try
            {
                var text = File.ReadAllText(full).Trim();
                if (text.Length == 0)
                {
                    errors.Add(new ConfigError($"{path}:file", $"'{full}' is empty"));
                }
                return text;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(new ConfigError($"{path}:file", $"cannot read '{full}': {ex.Message}"));
                return null;
            }
        }
        if (secret.Env is { } name)
        {
            // Trimmed like a file's content: a stray newline in an EnvironmentFile must not become part of the secret.
            var value = Environment.GetEnvironmentVariable(name)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                errors.Add(new ConfigError($"{path}:env", $"environment variable {name} is not set or blank"));
            }
            return value;
        }
        if (secret.Value is { } inline && string.IsNullOrWhiteSpace(inline))
        {
            errors.Add(new ConfigError($"{path}:value", "is blank"));
        }
        return secret.Value?.Trim();
    }
}
