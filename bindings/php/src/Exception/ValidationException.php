<?php

declare(strict_types=1);

namespace Faspay\Exception;

/** Bad input or configuration, caught before anything was sent (also INVALID_UTF8). */
class ValidationException extends FaspayException
{
}
