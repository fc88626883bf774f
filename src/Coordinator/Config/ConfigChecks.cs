using System.Globalization;

namespace EvoPo.Coordinator.Config;

/// <summary>Range checks that phrase their failure the same way everywhere: "must be …, got …".</summary>
internal static class ConfigChecks
{
    public static void InRange(string key, long value, long min, long max)
    {
        if (value < min || value > max)
            throw new ConfigException(key, string.Create(CultureInfo.InvariantCulture, $"must be an integer in [{min}, {max}], got {value}"));
    }

    public static void InRange(string key, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
            throw new ConfigException(key, string.Create(CultureInfo.InvariantCulture, $"must be a number in [{min}, {max}], got {value}"));
    }

    public static void Positive(string key, double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new ConfigException(key, string.Create(CultureInfo.InvariantCulture, $"must be a finite number > 0, got {value}"));
    }

    public static void NotBlank(string key, string value)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ConfigException(key, "must be a non-empty path");
    }
}
