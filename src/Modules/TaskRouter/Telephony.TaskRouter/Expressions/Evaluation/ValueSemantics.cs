using System.Globalization;

namespace Telephony.TaskRouter.Expressions.Evaluation;

/// <summary>
/// What each operator means on JSON values. Total functions: a missing key arrives as null, and a
/// type that does not fit the operator (a scalar operator on an array, an array operator on a scalar) gives false.
/// </summary>
internal static class ValueSemantics
{
    public static bool Equal(AttributeValue? left, AttributeValue? right)
    {
        left ??= AttributeValue.Null;
        right ??= AttributeValue.Null;
        return left.IsScalar && right.IsScalar && ScalarEquals(left, right);
    }

    public static bool NotEqual(AttributeValue? left, AttributeValue? right)
    {
        left ??= AttributeValue.Null;
        right ??= AttributeValue.Null;
        return left.IsScalar && right.IsScalar && !ScalarEquals(left, right);
    }

    public static bool Less(AttributeValue? left, AttributeValue? right) => TryOrder(left, right, out var order) && order < 0;

    public static bool LessOrEqual(AttributeValue? left, AttributeValue? right) => TryOrder(left, right, out var order) && order <= 0;

    public static bool Greater(AttributeValue? left, AttributeValue? right) => TryOrder(left, right, out var order) && order > 0;

    public static bool GreaterOrEqual(AttributeValue? left, AttributeValue? right) => TryOrder(left, right, out var order) && order >= 0;

    /// <summary>A scalar in the right array; an array on the left matches when any of its elements is in it.</summary>
    public static bool In(AttributeValue? left, AttributeValue? right)
    {
        left ??= AttributeValue.Null;
        if (right?.Items is not { } haystack)
        {
            return false;
        }

        return left.Items is { } needles ? AnyIn(needles, haystack) : left.IsScalar && Includes(haystack, left);
    }

    /// <summary>The negation of IN where IN applies: the right side must be an array, a missing left side is not in it.</summary>
    public static bool NotIn(AttributeValue? left, AttributeValue? right)
    {
        left ??= AttributeValue.Null;
        if (right?.Items is not { } haystack)
        {
            return false;
        }

        return left.Items is { } needles ? !AnyIn(needles, haystack) : left.IsScalar && !Includes(haystack, left);
    }

    /// <summary>The left array has the right scalar; with an array on the right, it has every one of its elements.</summary>
    public static bool Has(AttributeValue? left, AttributeValue? right)
    {
        right ??= AttributeValue.Null;
        if (left?.Items is not { } haystack)
        {
            return false;
        }

        if (right.Items is { } needles)
        {
            foreach (var needle in needles)
            {
                if (!needle.IsScalar || !Includes(haystack, needle))
                {
                    return false;
                }
            }

            return true;
        }

        return right.IsScalar && Includes(haystack, right);
    }

    /// <summary>A substring of the left string; of an array, an element equal to the right value or (strings) containing it.</summary>
    public static bool Contains(AttributeValue? left, AttributeValue? right)
    {
        if (left is null || right is null || !right.IsScalar)
        {
            return false;
        }

        if (left.Kind == AttributeKind.String)
        {
            return right.Kind == AttributeKind.String && left.Text!.Contains(right.Text!, StringComparison.Ordinal);
        }

        if (left.Items is not { } items)
        {
            return false;
        }

        foreach (var item in items)
        {
            if (item.IsScalar && ScalarEquals(item, right))
            {
                return true;
            }

            if (item.Kind == AttributeKind.String && right.Kind == AttributeKind.String
                && item.Text!.Contains(right.Text!, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Equality of two scalars. Numbers compare by value and a string that reads as a number equals that number,
    /// because Twilio's own <c>taskrouter.currentHour</c> is a string compared with numbers.
    /// </summary>
    public static bool ScalarEquals(AttributeValue left, AttributeValue right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left.Kind == right.Kind)
        {
            return left.Kind switch
            {
                AttributeKind.Null => true,
                AttributeKind.String => string.Equals(left.Text, right.Text, StringComparison.Ordinal),
                _ => left.Number == right.Number,
            };
        }

        return TryNumbers(left, right, out var a, out var b) && a == b;
    }

    /// <summary>Orders two numbers, two strings (ordinal) or a number and a numeric string; anything else is unordered.</summary>
    public static bool TryOrder(AttributeValue? left, AttributeValue? right, out int order)
    {
        order = 0;
        if (left is null || right is null)
        {
            return false;
        }

        if (left.Kind == AttributeKind.String && right.Kind == AttributeKind.String)
        {
            order = string.CompareOrdinal(left.Text, right.Text);
            return true;
        }

        if (left.Kind == AttributeKind.Number && right.Kind == AttributeKind.Number)
        {
            order = left.Number.CompareTo(right.Number);
            return true;
        }

        if (TryNumbers(left, right, out var a, out var b))
        {
            order = a.CompareTo(b);
            return true;
        }

        return false;
    }

    private static bool TryNumbers(AttributeValue left, AttributeValue right, out double a, out double b)
    {
        b = 0;
        return TryNumber(left, out a) && TryNumber(right, out b)
            && (left.Kind == AttributeKind.Number || right.Kind == AttributeKind.Number);
    }

    private static bool TryNumber(AttributeValue value, out double number)
    {
        number = value.Number;
        return value.Kind switch
        {
            AttributeKind.Number => true,
            AttributeKind.String => double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out number)
                && double.IsFinite(number),
            _ => false,
        };
    }

    /// <summary>The array holds a scalar equal to the (scalar) needle.</summary>
    public static bool Includes(AttributeValue[] haystack, AttributeValue needle)
    {
        foreach (var item in haystack)
        {
            if (ReferenceEquals(item, needle) || (item.IsScalar && ScalarEquals(item, needle)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyIn(AttributeValue[] needles, AttributeValue[] haystack)
    {
        foreach (var needle in needles)
        {
            if (needle.IsScalar && Includes(haystack, needle))
            {
                return true;
            }
        }

        return false;
    }
}
