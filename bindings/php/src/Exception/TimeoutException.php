<?php

declare(strict_types=1);

namespace Faspay\Exception;

/** A connect or read timeout; for ovoPush the push may still succeed. */
class TimeoutException extends FaspayException
{
}
