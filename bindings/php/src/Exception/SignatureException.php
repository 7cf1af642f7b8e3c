<?php

declare(strict_types=1);

namespace Faspay\Exception;

/** A notification or return URL failed verification: never trust it. */
class SignatureException extends FaspayException
{
}
