<?php

declare(strict_types=1);

namespace Faspay\Exception;

/** A bug in faspay: please report it. */
class InternalException extends FaspayException
{
}
