using System.Text;
using Appliance.Configuration;
using ZLogger;
using ZLogger.Formatters;

namespace Appliance.Hosting;

/// <summary>
/// ZLogger to the console (journald captures it under systemd): plain text by default, JSON on
/// request, levels per category prefix, and scope properties (call and dialog ids) on every line.
/// </summary>
internal static class LoggingSetup
{
    public static void Configure(ILoggingBuilder logging, LogConfig config, TimeProvider time)
    {
        logging.ClearProviders();
        foreach (var (category, levelName) in config.Levels)
        {
            var level = Enum.Parse<LogLevel>(levelName, ignoreCase: true);
            if (category.Equals("Default", StringComparison.OrdinalIgnoreCase))
            {
                logging.SetMinimumLevel(level);
            }
            else
            {
                logging.AddFilter(category, level);
            }
        }
        // ASP.NET Core's per-request chatter is not operator information.
        if (!config.Levels.ContainsKey("Microsoft.AspNetCore"))
        {
            logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        var json = config.Format.Equals("json", StringComparison.OrdinalIgnoreCase);
        logging.AddZLoggerConsole(options =>
        {
            options.IncludeScopes = true;
            options.TimeProvider = time;
            if (json)
            {
                options.UseJsonFormatter();
                return;
            }
            options.UsePlainTextFormatter(formatter =>
            {
                formatter.SetPrefixFormatter($"{0:yyyy-MM-ddTHH:mm:ss.fffZ} {1:short} {2}: ",
                    (in MessageTemplate template, in LogInfo info) => template.Format(info.Timestamp.Utc, info.LogLevel, info.Category));
                formatter.SetSuffixFormatter($"{0}",
                    (in MessageTemplate template, in LogInfo info) => template.Format(ScopeSuffix(info.ScopeState)));
            });
        });
    }

    /// <summary>" [CallId=…]" from the active scopes, or empty when there are none.</summary>
    private static string ScopeSuffix(LogScopeState? scope)
    {
        if (scope is null || scope.IsEmpty)
        {
            return "";
        }
        var text = new StringBuilder(" [");
        var first = true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in scope.Properties)
        {
            // Layers nest scopes with the same id (dialog, call, pipeline): show each key once.
            if (key == "{OriginalFormat}" || !seen.Add(key))
            {
                continue;
            }
            text.Append(first ? "" : " ").Append(key).Append('=').Append(value);
            first = false;
        }
        return first ? "" : text.Append(']').ToString();
    }
}
