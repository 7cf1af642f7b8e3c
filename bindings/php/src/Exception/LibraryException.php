<?php

declare(strict_types=1);

namespace Faspay\Exception;

/** libfaspay (or its header) could not be found or loaded, or FFI is not available. */
class LibraryException extends \RuntimeException
{
}
