using System.Reflection;
using System.Runtime.Serialization;
using System.Text;

namespace EvoPo.Coordinator.Config;

/// <summary>
/// How C# names appear in YAML: properties in camelCase, enum members in kebab-case (ZScore → z-score)
/// unless an <see cref="EnumMemberAttribute"/> says otherwise (Crawler3Leg → crawler-3leg).
/// </summary>
internal static class YamlNames
{
    public static string Key(string propertyName) =>
        propertyName.Length == 0 ? propertyName : char.ToLowerInvariant(propertyName[0]) + propertyName[1..];

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Of(typeof(TEnum), value);

    public static string Of(Type enumType, object value)
    {
        var name = Enum.GetName(enumType, value) ?? throw new ArgumentOutOfRangeException(nameof(value), value, null);
        return Member(enumType, name);
    }

    public static IReadOnlyList<string> All(Type enumType) =>
        Enum.GetNames(enumType).Select(n => Member(enumType, n)).ToArray();

    public static bool TryParse(Type enumType, string text, out object value)
    {
        foreach (var name in Enum.GetNames(enumType))
        {
            if (Member(enumType, name) != text) continue;
            value = Enum.Parse(enumType, name);
            return true;
        }
        value = 0;
        return false;
    }

    private static string Member(Type enumType, string name)
    {
        var field = enumType.GetField(name, BindingFlags.Public | BindingFlags.Static)!;
        if (field.GetCustomAttribute<EnumMemberAttribute>()?.Value is { } explicitName) return explicitName;
        var kebab = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) kebab.Append('-');
            kebab.Append(char.ToLowerInvariant(name[i]));
        }
        return kebab.ToString();
    }
}
